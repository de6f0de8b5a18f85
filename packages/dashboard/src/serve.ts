import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { createServer, request } from 'node:http';
import { checkHttpRequest, httpGuardPolicy, requestPath } from '@evse/core';
import { createDashboardHandler, type DashboardHandlerOptions, sendError } from './handler.js';
import type { DashboardSources } from './types.js';

/** Options of {@link serveDashboard}. */
export interface ServeDashboardOptions extends DashboardHandlerOptions {
  /** What to show. */
  readonly sources: DashboardSources;
  /** Interface to bind; loopback unless you mean to expose the dashboard. @default '127.0.0.1' */
  readonly host?: string;
  /** TCP port; 0 picks a free one. @default 0 */
  readonly port?: number;
  /**
   * Base URL every non-dashboard request is forwarded to (method, path, headers and body,
   * streamed both ways, so `GET /api/events` works too), e.g. the emulator's control API on
   * an internal loopback port. Without it those requests get 404.
   * @default undefined
   */
  readonly forwardTo?: string;
  /**
   * The bearer token the API at `forwardTo` requires; forwarded requests carry it instead of
   * the browser's credentials. @default undefined
   */
  readonly forwardToken?: string;
  /**
   * A secret every request must carry (`Authorization: Bearer …`, or the cookie one
   * `GET /?token=…` sets); required when `host` is not loopback. @default undefined
   */
  readonly token?: string;
  /** Other names the dashboard is reached by, accepted in `Host` (DNS rebinding check). */
  readonly hostNames?: readonly string[];
}

/** A running dashboard server. */
export interface DashboardServer {
  /** Base URL, e.g. `http://127.0.0.1:40123`; the page is at `/`. */
  readonly url: string;
  /** Stop listening, end the event streams. Idempotent. */
  close(): Promise<void>;
}

/**
 * Serve the dashboard on its own port, forwarding every other path to `forwardTo`, so one
 * address carries both the page and the control API its buttons call.
 * @example
 * const api = await serveControlApi(emulator.control); // internal, loopback:0
 * const web = await serveDashboard({ sources, forwardTo: api.url, port: 8080 });
 */
export async function serveDashboard(options: ServeDashboardOptions): Promise<DashboardServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError(`port: expected an integer 0..65535, got ${String(port)}`);
  }
  const target = options.forwardTo === undefined ? null : new URL(options.forwardTo);
  if (target !== null && target.protocol !== 'http:') {
    throw new TypeError(`forwardTo: expected an http:// URL, got ${options.forwardTo}`);
  }
  // Host, Origin, JSON-only writes and the token: core's one policy, checked here for the page,
  // its event stream and every forwarded call (AUDIT-2026-12.md findings 4 and 21).
  const policy = httpGuardPolicy({ host, token: options.token, hostNames: options.hostNames });
  const dashboard = createDashboardHandler(options.sources, options);
  const server = createServer((req, res) => {
    const verdict = checkHttpRequest(req, policy);
    if (!verdict.ok) {
      for (const [name, value] of Object.entries(verdict.headers ?? {})) res.setHeader(name, value);
      sendError(res, verdict.status, verdict.code, verdict.message);
      return;
    }
    if (dashboard.handle(req, res)) return;
    if (target === null) {
      sendError(res, 404, 'NOT_FOUND', `no endpoint ${requestPath(req.url)}`);
      return;
    }
    forward(req, res, target, options.forwardToken);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address();
  const boundPort = typeof bound === 'object' && bound !== null ? bound.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;
  let closed: Promise<void> | null = null;
  return {
    url,
    close() {
      closed ??= new Promise<void>((resolve) => {
        dashboard.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/** Browser credentials and provenance stay here: the request was checked above. */
const NOT_FORWARDED = ['authorization', 'cookie', 'origin', 'referer'];

function forward(
  req: IncomingMessage,
  res: ServerResponse,
  target: URL,
  token: string | undefined,
): void {
  const headers: OutgoingHttpHeaders = { host: target.host };
  for (const [name, value] of Object.entries(req.headers)) {
    if (NOT_FORWARDED.includes(name) || name.startsWith('sec-fetch-') || name === 'host') continue;
    headers[name] = value;
  }
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  const upstream = request(
    {
      host: target.hostname.replace(/^\[|\]$/g, ''),
      port: target.port,
      method: req.method,
      path: req.url,
      headers,
    },
    (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    },
  );
  upstream.on('error', (err) => {
    if (!res.headersSent) {
      // The API's address is internal: name what failed, not where it listens.
      sendError(
        res,
        502,
        'BAD_GATEWAY',
        `the API behind the dashboard did not answer (${(err as NodeJS.ErrnoException).code ?? 'no reply'})`,
      );
    } else res.destroy();
  });
  // A page closing its event stream must close the upstream one too.
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}
