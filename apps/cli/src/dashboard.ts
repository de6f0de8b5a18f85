import { type DashboardSources, serveDashboard } from '@evse/dashboard';
import { DEFAULT_HOST, formatHostPort, type HostPort } from './args.js';
import { failed } from './errors.js';
import {
  generateToken,
  type HttpSecurityOptions,
  publicToken,
  tokenLine,
} from './http/security.js';
import type { Cleanup } from './lifecycle.js';
import type { MetricsSource } from './metrics/common.js';
import { serveMetricsFront } from './metrics/http.js';

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
   * Start the API the page's buttons (and `evse ev`) call; it listens on a free loopback port,
   * requires `token` (only the dashboard, which forwards every non-dashboard path to it, knows
   * it) and applies the same request policy. Absent: those paths get 404.
   */
  readonly api?: (address: HostPort, token: string) => Promise<InternalApi>;
  /**
   * Serve `GET /metrics` (Prometheus) on the same address, from this registry, before the API
   * (metrics/http.ts). Absent: `/metrics` goes to the API like any other path.
   */
  readonly metrics?: MetricsSource;
  /** What the API is, for error messages and cleanup (`the control API`). @default 'the API' */
  readonly apiName?: string;
  /** `--token` and `--http-host`. @default {} */
  readonly security?: HttpSecurityOptions;
  /** Where the one start-up line about the token goes. @default nowhere */
  readonly say?: (line: string) => void;
  readonly cleanup: Cleanup;
}

/** Where the API behind the dashboard listens: never reachable from outside this machine. */
const INTERNAL: HostPort = { host: DEFAULT_HOST, port: 0 };

/**
 * Serve the dashboard on the `--http` address with the API behind it on the same origin, so
 * one address carries the page (`/`, `/dashboard/…`) and the API (`/api/…`). Resolves with
 * the public base URL; both servers are registered with `cleanup` (dashboard first to close).
 * Every request passes core's request policy (Host, Origin, JSON writes, the token when set
 * or when the address is not loopback; AUDIT-2026-12.md finding 4).
 */
export async function serveWithDashboard(options: ServeWithDashboardOptions): Promise<string> {
  const { address, cleanup } = options;
  const security = options.security ?? {};
  const name = options.apiName ?? 'the API';
  // The internal API answers only requests the dashboard checked and forwarded (finding 21).
  const internalToken = generateToken();
  let forwardTo: string | undefined;
  let api: { url: string; token: string } | undefined;
  if (options.api) {
    // Behind the metrics front the API has a token of its own, which only the front knows.
    const token = options.metrics ? generateToken() : internalToken;
    const server = await options.api(INTERNAL, token).catch(failed(`cannot start ${name}`));
    cleanup.add(name, () => server.close());
    api = { url: server.url, token };
    forwardTo = server.url;
  }
  if (options.metrics) {
    const front = await serveMetricsFront(options.metrics, INTERNAL, internalToken, api).catch(
      failed('cannot serve /metrics'),
    );
    cleanup.add('the metrics endpoint', () => front.close());
    forwardTo = front.url;
  }
  const token = publicToken(address, security);
  const web = await serveDashboard({
    host: address.host,
    port: address.port,
    sources: options.sources,
    ...(forwardTo === undefined ? {} : { forwardTo, forwardToken: internalToken }),
    ...(token.token === undefined ? {} : { token: token.token }),
    ...(security.httpHost === undefined ? {} : { hostNames: security.httpHost }),
  }).catch(failed(`cannot serve the dashboard on ${formatHostPort(address)} (--http)`));
  cleanup.add('the dashboard', () => web.close());
  const line = tokenLine(web.url, token);
  if (line !== null) options.say?.(line);
  return web.url;
}
