import { type IncomingHttpHeaders, request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVirtualClock } from '../src/clock.js';
import { type ControlApiServer, serveControlApi } from '../src/control-api.js';
import { FAULT_KIND_NAMES } from '../src/control-api-requests.js';
import { createEmulator } from '../src/emulator.js';
import type { Emulator, EmulatorStatus, VirtualClock } from '../src/types.js';

let clock: VirtualClock;
let emulator: Emulator;
let api: ControlApiServer;

beforeEach(async () => {
  clock = createVirtualClock();
  emulator = createEmulator({ clock, rtc: new Date('2025-01-15T12:30:00Z') });
  clock.advance(10_000); // boot and POST done (RAPI.md §4.1)
  api = await serveControlApi(emulator.control, { port: 0 });
});
afterEach(async () => {
  await api.close();
  await emulator.close();
});

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** One HTTP request with a raw body string (so malformed JSON can be sent). */
function call(
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = body === undefined
    ? {}
    : { 'content-type': 'application/json' },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${api.url}${path}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}
const post = (path: string, body: unknown) => call('POST', path, JSON.stringify(body));
const settle = () => clock.advance(2_000); // debounce and control loop (RAPI.md §1.12)
const status = (): EmulatorStatus => emulator.control.status();

describe('serveControlApi', () => {
  it('binds 127.0.0.1 on a free port by default and serves GET /api/status', async () => {
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await call('GET', '/api/status');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(status())));
    expect(res.body).toMatchObject({ state: 'notConnected', evseState: 1 });
  });

  it('POST /api/ev drives the EV through connect, charge, stop, disconnect', async () => {
    const connect = await post('/api/ev', { action: 'connect', maxCurrentA: 16, socPercent: 50 });
    expect(connect.status).toBe(200);
    expect(connect.body).toMatchObject({ ok: true });
    settle();
    expect(status()).toMatchObject({ state: 'connected', evConnected: true, evseState: 2 });
    expect(status().ev).toMatchObject({ maxCurrentA: 16, socPercent: 50 });

    expect((await post('/api/ev', { action: 'charge' })).status).toBe(200);
    settle();
    expect(status()).toMatchObject({ state: 'charging', evseState: 3, relayClosed: true });

    expect((await post('/api/ev', { action: 'stop' })).status).toBe(200);
    settle();
    expect(status()).toMatchObject({ state: 'connected', evseState: 2, relayClosed: false });

    expect((await post('/api/ev', { action: 'disconnect' })).status).toBe(200);
    settle();
    expect(status()).toMatchObject({ state: 'notConnected', evConnected: false });

    // Settings alone, without an action.
    expect((await post('/api/ev', { batteryKwh: 77 })).status).toBe(200);
    expect(status().ev.batteryKwh).toBe(77);
  });

  it.each(FAULT_KIND_NAMES)(
    'POST /api/fault {kind:"%s"} and {action:"clear"} act exactly like injectFault/clearFault',
    async (kind) => {
      // A twin driven directly is the oracle: same clock steps, same calls, same status.
      const twinClock = createVirtualClock();
      const twin = createEmulator({ clock: twinClock, rtc: new Date('2025-01-15T12:30:00Z') });
      twinClock.advance(10_000);
      const both = (fn: (e: Emulator) => void) => {
        fn(twin);
        twinClock.advance(2_000);
        settle();
      };
      try {
        await post('/api/ev', { action: 'connect' });
        await post('/api/ev', { action: 'charge' });
        both((e) => {
          e.control.plugIn();
          e.control.startCharging();
        });
        const charging = status();
        expect(charging.state).toBe('charging');

        expect((await post('/api/fault', { kind })).status).toBe(200);
        both((e) => e.control.injectFault(kind));
        expect(status()).toEqual(twin.control.status());
        expect(status()).not.toEqual(charging); // the fault had an effect

        expect((await post('/api/fault', { action: 'clear' })).status).toBe(200);
        both((e) => e.control.clearFault());
        expect(status()).toEqual(twin.control.status());
      } finally {
        await twin.close();
      }
    },
  );

  it('POST /api/swipe emits the card on swipes$', async () => {
    const seen: string[] = [];
    const sub = emulator.control.swipes$.subscribe((s) => seen.push(s.idTag));
    const res = await post('/api/swipe', { idTag: 'CAFE0001' });
    sub.unsubscribe();
    expect(res.status).toBe(200);
    expect(seen).toEqual(['CAFE0001']);
  });

  it('POST /api/button, /api/ambient and /api/reboot reach the emulator', async () => {
    expect((await post('/api/button', { press: 'short' })).status).toBe(200);
    settle();
    expect(status().state).toBe('sleeping'); // the front button toggles sleep (RAPI.md §4.13)
    expect((await post('/api/ambient', { celsius: 31 })).status).toBe(200);
    expect(status().ambientC).toBe(31);
    const before = status().uptimeMs;
    expect(
      (await call('POST', '/api/reboot', undefined, { 'content-type': 'application/json' })).status,
    ).toBe(200);
    expect(status().uptimeMs).toBeLessThan(before);
  });

  describe('bad requests get a 4xx JSON error and change nothing', () => {
    const cases: [string, string, string, string | undefined, number, string][] = [
      ['malformed JSON', 'POST', '/api/ev', '{"action": "connect"', 400, 'MALFORMED_JSON'],
      ['a JSON array', 'POST', '/api/ev', '["connect"]', 400, 'INVALID_BODY'],
      ['an unknown action', 'POST', '/api/ev', '{"action":"fly"}', 400, 'UNKNOWN_ACTION'],
      ['no action or setting', 'POST', '/api/ev', '{}', 400, 'MISSING_FIELD'],
      [
        'a wrong type',
        'POST',
        '/api/ev',
        '{"action":"connect","maxCurrentA":"16"}',
        400,
        'INVALID_FIELD',
      ],
      ['a value out of range', 'POST', '/api/ev', '{"socPercent":101}', 400, 'INVALID_FIELD'],
      [
        'an unknown field',
        'POST',
        '/api/ev',
        '{"action":"connect","speed":3}',
        400,
        'UNKNOWN_FIELD',
      ],
      ['an unknown fault', 'POST', '/api/fault', '{"kind":"meltdown"}', 400, 'UNKNOWN_FAULT'],
      [
        'a fault with both kind and action',
        'POST',
        '/api/fault',
        '{"kind":"gfci","action":"clear"}',
        400,
        'INVALID_BODY',
      ],
      [
        'an unknown fault action',
        'POST',
        '/api/fault',
        '{"action":"explode"}',
        400,
        'UNKNOWN_ACTION',
      ],
      ['an empty idTag', 'POST', '/api/swipe', '{"idTag":""}', 400, 'INVALID_FIELD'],
      [
        'an idTag over 20 characters',
        'POST',
        '/api/swipe',
        `{"idTag":"${'A'.repeat(21)}"}`,
        400,
        'INVALID_FIELD',
      ],
      ['a missing idTag', 'POST', '/api/swipe', '{}', 400, 'MISSING_FIELD'],
      ['a body on reboot', 'POST', '/api/reboot', '{"now":true}', 400, 'UNKNOWN_FIELD'],
      ['GET on a POST endpoint', 'GET', '/api/ev', undefined, 405, 'METHOD_NOT_ALLOWED'],
      ['POST on GET /api/status', 'POST', '/api/status', '{}', 405, 'METHOD_NOT_ALLOWED'],
      ['an unknown path', 'GET', '/api/nope', undefined, 404, 'NOT_FOUND'],
      [
        'a body over 16 KiB',
        'POST',
        '/api/swipe',
        `{"idTag":"${'x'.repeat(20_000)}"}`,
        413,
        'BODY_TOO_LARGE',
      ],
    ];
    it.each(cases)('%s', async (_name, method, path, body, code, errorCode) => {
      const before = JSON.stringify(status());
      let changes = 0;
      const sub = emulator.control.status$.subscribe(() => changes++);
      const swipes = emulator.control.swipes$.subscribe(() => changes++);
      const initial = changes; // status$ replays the current value
      const res = await call(method, path, body);
      sub.unsubscribe();
      swipes.unsubscribe();
      expect(res.status).toBe(code);
      expect(res.body).toMatchObject({ error: { code: errorCode, message: expect.any(String) } });
      expect((res.body as { error: { message: string } }).error.message.length).toBeGreaterThan(5);
      if (code === 405) expect(res.headers.allow).toBe(method === 'GET' ? 'POST' : 'GET');
      expect(changes).toBe(initial);
      expect(JSON.stringify(status())).toBe(before);
    });
  });

  it('GET /api/events streams status changes as Server-Sent Events', async () => {
    const events: { event: string; data: EmulatorStatus }[] = [];
    const controller = new AbortController();
    const res = await fetch(`${api.url}/api/events`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const next = async () => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? '';
          const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null');
          events.push({ event, data });
          return events.at(-1);
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    };
    const first = await next();
    expect(first).toMatchObject({ event: 'status', data: { state: 'notConnected' } });
    await post('/api/ev', { action: 'connect' });
    settle();
    let last = await next();
    while (last?.data.state !== 'connected') last = await next();
    expect(last).toMatchObject({ event: 'status', data: { evConnected: true, evseState: 2 } });
    controller.abort();
    await reader.cancel().catch(() => {});
  });

  it('close() ends open event streams and stops listening', async () => {
    const res = await fetch(`${api.url}/api/events`);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read(); // the first status event
    await api.close();
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
    }
    await expect(fetch(`${api.url}/api/status`)).rejects.toThrow();
  });

  it('rejects a port in use with EADDRINUSE', async () => {
    const port = Number(new URL(api.url).port);
    await expect(serveControlApi(emulator.control, { port })).rejects.toMatchObject({
      code: 'EADDRINUSE',
      message: expect.stringContaining(`127.0.0.1:${port}`),
    });
  });
});
