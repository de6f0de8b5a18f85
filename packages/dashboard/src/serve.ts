import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request } from 'node:http';
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
  const dashboard = createDashboardHandler(options.sources, options);
  const server = createServer((req, res) => {
    if (dashboard.handle(req, res)) return;
    if (target === null) {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      sendError(res, 404, 'NOT_FOUND', `no endpoint ${path}`);
      return;
    }
    forward(req, res, target);
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

function forward(req: IncomingMessage, res: ServerResponse, target: URL): void {
  const upstream = request(
    {
      host: target.hostname.replace(/^\[|\]$/g, ''),
      port: target.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: target.host },
    },
    (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    },
  );
  upstream.on('error', (err) => {
    if (!res.headersSent) {
      sendError(res, 502, 'BAD_GATEWAY', `cannot reach ${target.origin}: ${err.message}`);
    } else res.destroy();
  });
  // A page closing its event stream must close the upstream one too.
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}
