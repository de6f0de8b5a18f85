import { createServer } from 'node:http';
import type { HostPort } from '../args.js';
import type { InternalApi } from '../dashboard.js';
import { listenHttp } from './listen.js';

/**
 * A read-only API for a command with nothing to control (`evse fleet`): `GET /api/status`
 * answers `status()` as JSON; anything else is a 404/405 with the control API's error shape
 * (`{ "error": { "code", "message" } }`).
 */
export async function serveStatusApi(
  status: () => unknown,
  address: HostPort,
): Promise<InternalApi> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const [code, body] =
      path !== '/api/status'
        ? [404, { error: { code: 'NOT_FOUND', message: `no route ${req.method} ${path}` } }]
        : req.method !== 'GET'
          ? [405, { error: { code: 'METHOD_NOT_ALLOWED', message: `${path} takes GET` } }]
          : [200, status()];
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  return listenHttp(server, address);
}
