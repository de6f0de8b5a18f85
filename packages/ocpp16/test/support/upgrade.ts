/** The HTTP status an upgrade request gets (101 when the WebSocket opens). Tests only. */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export function upgradeStatus(
  wsUrl: string,
  headers: Record<string, string>,
  tls: { ca?: string; cert?: string; key?: string } = {},
): Promise<number> {
  const url = new URL(wsUrl.replace(/^ws/, 'http'));
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
      ...tls,
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}
