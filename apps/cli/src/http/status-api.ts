import { createServer } from 'node:http';
import { httpGuardPolicy, requestPath } from '@evse/core';
import type { HostPort } from '../args.js';
import type { InternalApi } from '../dashboard.js';
import { listenHttp } from './listen.js';
import { admit } from './security.js';

/**
 * A read-only API for a command with nothing to control (`evse fleet`): `GET /api/status`
 * answers `status()` as JSON; anything else is a 404/405 with the control API's error shape
 * (`{ "error": { "code", "message" } }`). Core's request policy first (Host, Origin, token).
 */
export async function serveStatusApi(
  status: () => unknown,
  address: HostPort,
  token?: string,
): Promise<InternalApi> {
  const policy = httpGuardPolicy({ host: address.host, token });
  const server = createServer((req, res) => {
    if (!admit(req, res, policy)) return;
    const path = requestPath(req.url);
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
