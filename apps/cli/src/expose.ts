import { type Emulator, serveControlApi, servePty, serveTcp } from '@evse/transport-emulator';
import { formatHostPort, type HostPort } from './args.js';
import { failed } from './errors.js';
import type { Output } from './io/output.js';
import type { Cleanup } from './lifecycle.js';

/** Where to expose an emulator; `false`/absent leaves that channel off. */
export interface ExposeOptions {
  /** A PTY at this path, or at a temporary path when `true`. Needs socat. */
  readonly pty?: string | boolean;
  readonly tcp?: HostPort | false;
  readonly http?: HostPort | false;
}

/** Where the emulator ended up reachable. */
export interface Exposed {
  readonly ptyPath: string | null;
  readonly tcp: HostPort | null;
  readonly controlUrl: string | null;
}

/**
 * Serve the emulator's device on a PTY and TCP and its controls over HTTP, printing one stable,
 * parseable line for each (`PTY ready at …`, `TCP listening on host:port`,
 * `Control API listening on http://…`). Everything opened is registered with `cleanup`.
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
  if (options.pty) {
    const pty = await servePty(
      emulator.device,
      typeof options.pty === 'string' ? { path: options.pty } : {},
    ).catch(failed('cannot create the PTY (--pty)'));
    cleanup.add('the PTY', () => pty.close());
    ptyPath = pty.path;
    out.line(`PTY ready at ${pty.path}`);
  }
  if (options.tcp) {
    const server = await serveTcp(emulator.device, options.tcp).catch(
      failed(`cannot serve RAPI over TCP on ${formatHostPort(options.tcp)} (--tcp)`),
    );
    cleanup.add('the TCP server', () => server.close());
    tcp = server.address;
    out.line(`TCP listening on ${formatHostPort(server.address)}`);
  }
  if (options.http) {
    const api = await serveControlApi(emulator.control, options.http).catch(
      failed(`cannot serve the control API on ${formatHostPort(options.http)} (--http)`),
    );
    cleanup.add('the control API', () => api.close());
    controlUrl = api.url;
    out.line(`Control API listening on ${api.url}`);
  }
  return { ptyPath, tcp, controlUrl };
}
