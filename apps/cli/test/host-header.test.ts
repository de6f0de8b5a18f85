/**
 * DNS rebinding (AUDIT-2026-12.md finding 4): `Host: evil.example` gets 421 on every HTTP
 * surface of the `evse` commands, each a real process, with plain HTTP requests; the same
 * requests with the real Host are served, so the refusal is the check.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll } from '../../../test/support/evse-cli.js';
import { type Surfaces, startSurfaces } from './support/surfaces.js';

let s: Surfaces;
beforeAll(async () => {
  s = await startSurfaces();
}, 90_000);
afterAll(() => killAll());

function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
        // An event stream never ends: its status is enough.
        if (res.headers['content-type'] === 'text/event-stream') res.destroy();
      });
      res.on('close', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const surfaces = () =>
  [
    ['emulate --http', s.control],
    ['emulate --http --token', s.tokenControl],
    ['bridge --http', s.bridge],
    ['fleet --http', s.fleet],
    ['central', s.central.replace(/^ws:\/\/([^/]+).*$/, 'http://$1')],
  ] as const;
const REQUESTS = [
  ['GET', '/'],
  ['GET', '/api/status'],
  ['GET', '/dashboard/events'],
  ['POST', '/api/ev'],
  ['POST', '/api/authorize'],
  ['GET', '/steve/websocket/CentralSystemService/CP-1'],
] as const;

describe('Host: evil.example on every surface', () => {
  it('gets 421 from each server, for every path and method', async () => {
    for (const [name, base] of surfaces()) {
      for (const [method, path] of REQUESTS) {
        const reply = await send(
          base,
          method,
          path,
          { host: 'evil.example', 'content-type': 'application/json' },
          method === 'POST' ? '{"action":"connect","idTag":"T1"}' : undefined,
        );
        expect(`${name} ${method} ${path} → ${reply.status}`).toBe(
          `${name} ${method} ${path} → 421`,
        );
      }
    }
    const status = await send(s.control, 'GET', '/api/status', {});
    expect(JSON.parse(status.text)).toMatchObject({ evConnected: false, authLocked: true });
  });

  it('the same GET with the real Host is served (the token server wants its token)', async () => {
    for (const [name, base] of surfaces()) {
      const { status } = await send(base, 'GET', '/', {});
      const expected = name === 'central' ? 404 : name.includes('--token') ? 401 : 200;
      expect(`${name} → ${status}`).toBe(`${name} → ${expected}`);
    }
    const withToken = await send(s.tokenControl, 'GET', '/api/status', {
      authorization: `Bearer ${s.token}`,
    });
    expect(withToken.status).toBe(200);
  });

  it('the raw RAPI TCP port answers any HTTP request 400 and runs nothing', async () => {
    const reply = await send(`http://${s.tcp}`, 'POST', '/', { host: 'evil.example' }, '\r$S4 0\r');
    expect(reply.status).toBe(400);
    expect(reply.text).toContain('raw RAPI');
  });
});
