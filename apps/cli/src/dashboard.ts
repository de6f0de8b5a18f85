import { type DashboardSources, serveDashboard } from '@evse/dashboard';
import { DEFAULT_HOST, formatHostPort, type HostPort } from './args.js';
import { failed } from './errors.js';
import type { Cleanup } from './lifecycle.js';

/** An HTTP API (the emulator's control API, the bridge's swipe endpoint) behind the dashboard. */
export interface InternalApi {
  readonly url: string;
  close(): Promise<void>;
}

/** Options of {@link serveWithDashboard}. */
export interface ServeWithDashboardOptions {
  /** The `--http` address: the page and the API share it. */
  readonly address: HostPort;
  readonly sources: DashboardSources;
  /**
   * Start the API the page's buttons (and `evse ev`) call; it listens on a free loopback port
   * and the dashboard forwards every non-dashboard path to it. Absent: those paths get 404.
   */
  readonly api?: (address: HostPort) => Promise<InternalApi>;
  /** What the API is, for error messages and cleanup (`the control API`). @default 'the API' */
  readonly apiName?: string;
  readonly cleanup: Cleanup;
}

/** Where the API behind the dashboard listens: never reachable from outside this machine. */
const INTERNAL: HostPort = { host: DEFAULT_HOST, port: 0 };

/**
 * Serve the dashboard on the `--http` address with the API behind it on the same origin, so
 * one address carries the page (`/`, `/dashboard/…`) and the API (`/api/…`). Resolves with
 * the public base URL; both servers are registered with `cleanup` (dashboard first to close).
 */
export async function serveWithDashboard(options: ServeWithDashboardOptions): Promise<string> {
  const { address, cleanup } = options;
  const name = options.apiName ?? 'the API';
  let forwardTo: string | undefined;
  if (options.api) {
    const api = await options.api(INTERNAL).catch(failed(`cannot start ${name}`));
    cleanup.add(name, () => api.close());
    forwardTo = api.url;
  }
  const web = await serveDashboard({
    host: address.host,
    port: address.port,
    sources: options.sources,
    ...(forwardTo === undefined ? {} : { forwardTo }),
  }).catch(failed(`cannot serve the dashboard on ${formatHostPort(address)} (--http)`));
  cleanup.add('the dashboard', () => web.close());
  return web.url;
}
