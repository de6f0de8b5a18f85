/**
 * The control API refuses what another web page (or a rebound DNS name) could send, and
 * nothing changes (AUDIT-2026-12.md findings 4 and 13); real sockets on 127.0.0.1.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createVirtualClock } from '../src/clock.js';
import { type ControlApiServer, serveControlApi } from '../src/control-api.js';
import { createEmulator } from '../src/emulator.js';
import type { Emulator } from '../src/types.js';

let emulator: Emulator | undefined;
let api: ControlApiServer | undefined;
afterEach(async () => {
  await api?.close();
  await emulator?.close();
});

async function start(options: { token?: string } = {}) {
  const clock = createVirtualClock();
  emulator = createEmulator({ clock });
  clock.advance(10_000);
  api = await serveControlApi(emulator.control, { port: 0, ...options });
  return { emulator, api };
}

function call(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };
const CONNECT = '{"action":"connect"}';

describe('serveControlApi security', () => {
  it.each([
    ['a foreign Host (DNS rebinding)', { ...JSON_TYPE, host: 'evil.example' }, 421],
    ['a foreign Origin', { ...JSON_TYPE, origin: 'http://127.0.0.1:1' }, 403],
    ['Sec-Fetch-Site: same-site', { ...JSON_TYPE, 'sec-fetch-site': 'same-site' }, 403],
    ['a text/plain body (no-cors fetch)', { 'content-type': 'text/plain' }, 415],
    ['a form body', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ['no Content-Type', {}, 415],
  ])('refuses %s and changes nothing', async (_name, headers, expected) => {
    const { emulator, api } = await start();
    const reply = await call(`${api.url}/api/ev`, 'POST', headers, CONNECT);
    expect(reply.status).toBe(expected);
    expect(reply.headers).not.toHaveProperty('access-control-allow-origin');
    expect(JSON.parse(reply.text)).toMatchObject({ error: { code: expect.any(String) } });
    expect(emulator.control.status().evConnected).toBe(false);
    // The same request from the page's own origin goes through: the refusal was the check.
    const ok = await call(`${api.url}/api/ev`, 'POST', JSON_TYPE, CONNECT);
    expect(ok.status).toBe(200);
  });

  it('refuses the CORS preflight (OPTIONS) without CORS headers', async () => {
    const { api } = await start();
    const reply = await call(`${api.url}/api/ev`, 'OPTIONS', {
      origin: 'http://127.0.0.1:1',
      'access-control-request-method': 'POST',
    });
    expect(reply.status).toBe(405);
    expect(Object.keys(reply.headers).filter((h) => h.startsWith('access-control'))).toEqual([]);
  });

  it('GET /api/status and /api/events with Host: evil.example get 421', async () => {
    const { api } = await start();
    for (const path of ['/api/status', '/api/events']) {
      expect((await call(`${api.url}${path}`, 'GET', { host: 'evil.example' })).status).toBe(421);
    }
  });

  it('GET //api/status is a 404 naming the path as sent (no host parsing)', async () => {
    const { api } = await start();
    const reply = await call(`${api.url}//api/status`, 'GET', {});
    expect(reply.status).toBe(404);
    expect(JSON.parse(reply.text).error.message).toBe('no endpoint //api/status');
  });

  it('the event stream refuses another origin', async () => {
    const { api } = await start();
    const reply = await call(`${api.url}/api/events`, 'GET', { origin: 'http://evil.example' });
    expect(reply.status).toBe(403);
  });

  it.each([
    ['NUL', 'A\u0000B'],
    ['newline', 'A\nB FAKE LINE'],
    ['ESC', '\u001b[31mRED'],
  ])('POST /api/swipe refuses an idTag with %s', async (_name, idTag) => {
    const { emulator, api } = await start();
    const swipes: unknown[] = [];
    const sub = emulator.control.swipes$.subscribe((s) => swipes.push(s));
    const reply = await call(`${api.url}/api/swipe`, 'POST', JSON_TYPE, JSON.stringify({ idTag }));
    sub.unsubscribe();
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.text).error.message).toMatch(/control characters/);
    expect(swipes).toEqual([]);
  });

  it('with a token: 401 without it, served with the bearer header', async () => {
    const { emulator, api } = await start({ token: 'tok-123456' });
    const refused = await call(`${api.url}/api/ev`, 'POST', JSON_TYPE, CONNECT);
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toBe('Bearer');
    expect(refused.text).not.toContain('tok-123456');
    expect(emulator.control.status().evConnected).toBe(false);
    const wrong = { ...JSON_TYPE, authorization: 'Bearer tok-654321' };
    expect((await call(`${api.url}/api/ev`, 'POST', wrong, CONNECT)).status).toBe(401);
    const right = { ...JSON_TYPE, authorization: 'Bearer tok-123456' };
    expect((await call(`${api.url}/api/ev`, 'POST', right, CONNECT)).status).toBe(200);
  });

  it('refuses to listen off loopback without a token', async () => {
    const clock = createVirtualClock();
    emulator = createEmulator({ clock });
    await expect(serveControlApi(emulator.control, { host: '0.0.0.0', port: 0 })).rejects.toThrow(
      'token: required when listening on 0.0.0.0',
    );
  });
});
