import { createServer } from 'node:http';
import type { HostPort } from '../args.js';
import type { InternalApi } from '../dashboard.js';

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
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : address.port;
  return {
    url: `http://${address.host.includes(':') ? `[${address.host}]` : address.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
