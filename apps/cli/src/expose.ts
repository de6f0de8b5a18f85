import { emulatorStation, tapDevice } from '@evse/dashboard';
import { type Emulator, serveControlApi, servePty, serveTcp } from '@evse/transport-emulator';
import { formatHostPort, type HostPort } from './args.js';
import { serveWithDashboard } from './dashboard.js';
import { failed } from './errors.js';
import type { HttpSecurityOptions } from './http/security.js';
import type { Output } from './io/output.js';
import type { Cleanup } from './lifecycle.js';

/** Where to expose an emulator; `false`/absent leaves that channel off. */
export interface ExposeOptions {
  /** A PTY at this path, or at a temporary path when `true`. Needs socat. */
  readonly pty?: string | boolean;
  readonly tcp?: HostPort | false;
  /** The dashboard and the control API, on one address. */
  readonly http?: HostPort | false;
  /** The dashboard's page title. @default 'evse emulate' */
  readonly title?: string;
  /** `--token` and `--http-host` of the HTTP address. @default {} */
  readonly security?: HttpSecurityOptions;
  /** Most TCP clients at once (`--max-clients`). @default 8 */
  readonly maxClients?: number;
}

/** Where the emulator ended up reachable. */
export interface Exposed {
  readonly ptyPath: string | null;
  readonly tcp: HostPort | null;
  /** Base URL of the dashboard (`/`) and the control API (`/api/…`). */
  readonly controlUrl: string | null;
}

/**
 * Serve the emulator's device on a PTY and TCP, and its dashboard and control API on one HTTP
 * address, printing one stable, parseable line for each (`PTY ready at …`,
 * `TCP listening on host:port`, `Control API listening on http://…`, `Dashboard at http://…/`).
 * The hosts' RAPI lines are tapped for the dashboard's traffic panel. Everything opened is
 * registered with `cleanup`.
 */
export async function exposeEmulator(
  emulator: Emulator,
  options: ExposeOptions,
  out: Output,
  cleanup: Cleanup,
): Promise<Exposed> {
  let ptyPath: string | null = null;
  let tcp: HostPort | null = null;
  let controlUrl: string | null = null;
  // Every host (PTY, TCP) writes through the tap, so the dashboard sees both directions.
  const tapped = tapDevice(emulator.device);
  if (options.pty) {
    const pty = await servePty(
      tapped.device,
      typeof options.pty === 'string' ? { path: options.pty } : {},
    ).catch(failed('cannot create the PTY (--pty)'));
    cleanup.add('the PTY', () => pty.close());
    ptyPath = pty.path;
    out.line(`PTY ready at ${pty.path}`);
  }
  if (options.tcp) {
    const server = await serveTcp(tapped.device, {
      ...options.tcp,
      ...(options.maxClients === undefined ? {} : { maxClients: options.maxClients }),
    }).catch(failed(`cannot serve RAPI over TCP on ${formatHostPort(options.tcp)} (--tcp)`));
    cleanup.add('the TCP server', () => server.close());
    tcp = server.address;
    out.line(`TCP listening on ${formatHostPort(server.address)}`);
  }
  if (options.http) {
    controlUrl = await serveWithDashboard({
      address: options.http,
      sources: {
        title: options.title ?? 'evse emulate',
        station: emulatorStation(emulator.control),
        rapiTraffic$: tapped.traffic$,
        controls: 'emulator',
      },
      api: (internal, token) => serveControlApi(emulator.control, { ...internal, token }),
      apiName: 'the control API',
      security: options.security ?? {},
      say: (line) => out.line(line),
      cleanup,
    });
    out.line(`Control API listening on ${controlUrl}`);
    out.line(`Dashboard at ${controlUrl}/`);
  }
  return { ptyPath, tcp, controlUrl };
}
