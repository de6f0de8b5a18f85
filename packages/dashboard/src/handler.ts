import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestPath } from '@evse/core';
import { loadAssets } from './assets.js';
import { createHub, type HubOptions } from './hub.js';
import type { DashboardSources } from './types.js';

/** Options of {@link createDashboardHandler}. */
export interface DashboardHandlerOptions extends HubOptions {}

/** The dashboard as a request handler, to mount next to other routes on one server. */
export interface DashboardHandler {
  /**
   * Serve `req` if it is a dashboard route (`/`, `/dashboard/…`) and return `true`; return
   * `false` without touching `res` for anything else (e.g. the control API's `/api/…`).
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Unsubscribe from the sources and end every open event stream. Idempotent. */
  close(): void;
}

const PREFIX = '/dashboard/';

/**
 * The dashboard's routes: `GET /` (the page), `GET /dashboard/<file>` (its scripts and
 * styles, all local), `GET /dashboard/events` (Server-Sent Events: `init`, then batched
 * `status`, `meter`, `rapi`, `ocpp`, `fleet`, `claims`, `ocppProtocol`, `limit`) and
 * `GET /dashboard/status` (what the page shows now, as JSON). Other paths are left to the
 * caller.
 * @example
 * const dashboard = createDashboardHandler({ station, rapiTraffic$: station.client.traffic$ });
 * createServer((req, res) => dashboard.handle(req, res) || controlApi(req, res));
 */
export function createDashboardHandler(
  sources: DashboardSources,
  options: DashboardHandlerOptions = {},
): DashboardHandler {
  const assets = loadAssets();
  const hub = createHub(sources, options);
  let closed = false;

  const handle = (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = requestPath(req.url);
    const isPage = path === '/' || path === '/dashboard' || path === PREFIX;
    if (!isPage && !path.startsWith(PREFIX)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      sendError(res, 405, 'METHOD_NOT_ALLOWED', `${path} accepts GET only, not ${req.method}`);
      return true;
    }
    if (path === `${PREFIX}events`) {
      if (closed) {
        sendError(res, 503, 'CLOSED', 'the dashboard is shutting down');
        return true;
      }
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      hub.attach(res);
      return true;
    }
    if (path === `${PREFIX}status`) {
      const text = JSON.stringify(hub.snapshot());
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
        'cache-control': 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : text);
      return true;
    }
    const asset = assets.get(isPage ? 'index.html' : path.slice(PREFIX.length));
    if (asset === undefined) {
      sendError(res, 404, 'NOT_FOUND', `no dashboard file ${path}`);
      return true;
    }
    res.writeHead(200, {
      'content-type': asset.type,
      'content-length': asset.body.length,
      'cache-control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : asset.body);
    return true;
  };

  return {
    handle,
    close() {
      if (closed) return;
      closed = true;
      hub.close();
    },
  };
}

/** Errors look like the control API's: `{ "error": { "code", "message" } }`. */
export function sendError(res: ServerResponse, status: number, code: string, message: string) {
  const text = JSON.stringify({ error: { code, message } });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
