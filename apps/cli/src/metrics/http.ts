/**
 * `GET /metrics` on the `--http` address of a command with a dashboard (`evse fleet`,
 * `evse bridge`): a small loopback server between the dashboard and the command's own API.
 * The dashboard checks every request first (Host, Origin, the token: core's one policy) and
 * forwards what is not the page here; this server answers `/metrics` from the registry and
 * passes everything else on to the API unchanged, so the API (the emulator's control API, the
 * bridge's swipe endpoint, the fleet's status API) needs no metrics of its own.
 */
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request,
  type ServerResponse,
} from 'node:http';
import { httpGuardPolicy, requestPath } from '@evse/core';
import type { HostPort } from '../args.js';
import type { InternalApi } from '../dashboard.js';
import { listenHttp } from '../http/listen.js';
import { admit } from '../http/security.js';
import type { MetricsSource } from './common.js';

/** The path Prometheus scrapes. */
export const METRICS_PATH = '/metrics';

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code, message } }));
}

/**
 * Answer `req` when it is for `/metrics` (GET: the exposition text; another method: 405);
 * false when it is for another path. The caller has checked the request policy.
 */
export function answerMetrics(
  source: MetricsSource,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  if (requestPath(req.url) !== METRICS_PATH) return false;
  if (req.method !== 'GET') {
    res.setHeader('allow', 'GET');
    sendError(res, 405, 'METHOD_NOT_ALLOWED', `${METRICS_PATH} takes GET`);
    return true;
  }
  source.metrics().then(
    (text) => {
      res.writeHead(200, { 'content-type': source.contentType });
      res.end(text);
    },
    (error: unknown) =>
      sendError(res, 500, 'INTERNAL', error instanceof Error ? error.message : String(error)),
  );
  return true;
}

/** Pass a request on to the API at `target` with its token, streaming both ways. */
function forward(req: IncomingMessage, res: ServerResponse, target: URL, token: string): void {
  const headers: OutgoingHttpHeaders = { ...req.headers, host: target.host };
  headers['authorization'] = `Bearer ${token}`;
  const upstream = request(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
    (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (res.headersSent) res.destroy();
    else sendError(res, 502, 'BAD_GATEWAY', 'the API behind the dashboard did not answer');
  });
  req.pipe(upstream);
}

/**
 * Serve `/metrics` on `address` (internal loopback) and forward every other path to `api`
 * (with `apiToken`); without `api` those paths get 404. Requests must carry `token`.
 */
export async function serveMetricsFront(
  source: MetricsSource,
  address: HostPort,
  token: string,
  api?: { readonly url: string; readonly token: string },
): Promise<InternalApi> {
  const policy = httpGuardPolicy({ host: address.host, token });
  const target = api === undefined ? undefined : new URL(api.url);
  const server = createServer((req, res) => {
    if (!admit(req, res, policy)) return;
    if (answerMetrics(source, req, res)) return;
    if (target === undefined || api === undefined) {
      sendError(res, 404, 'NOT_FOUND', `no route ${req.method} ${requestPath(req.url)}`);
      return;
    }
    forward(req, res, target, api.token);
  });
  return listenHttp(server, address);
}
