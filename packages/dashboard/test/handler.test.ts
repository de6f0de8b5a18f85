import { readdirSync } from 'node:fs';
import { createServer, get, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { machineToJson } from '@evse/core';
import { createEmulator, serveControlApi } from '@evse/transport-emulator';
import { Subject } from 'rxjs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { UI_DIR } from '../src/assets.js';
import {
  createDashboardHandler,
  type DashboardClaims,
  type DashboardLimit,
  type DashboardMeter,
  type DashboardOcppTraffic,
  type DashboardRapiTraffic,
  type DashboardStatus,
  type FleetRow,
  serveDashboard,
} from '../src/index.js';
import { openEvents } from './sse.js';

const status = (state: string, fault: string | null = null): DashboardStatus => ({
  state,
  fault,
  evseState: 1,
  pilotState: 1,
  evConnected: false,
  currentCapacity: 32,
});

async function serve(options: Parameters<typeof serveDashboard>[0]) {
  const server = await serveDashboard(options);
  onTestFinished(() => server.close());
  return server;
}

describe('serveDashboard: the page and its files', () => {
  it('serves the page at / and every asset locally (no CDN: nothing else is referenced)', async () => {
    const { url } = await serve({ sources: {} });
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(refs.sort()).toEqual([
      '/dashboard/app.js',
      '/dashboard/favicon.svg',
      '/dashboard/style.css',
    ]);
    // Follow the page's module graph from app.js: every import is a local file that is served,
    // and no module reaches outside the server (the SVG namespace is a name, not a fetch).
    const seen = new Set<string>();
    const queue = ['app.js'];
    while (queue.length > 0) {
      const file = queue.shift() ?? '';
      if (seen.has(file)) continue;
      seen.add(file);
      const res = await fetch(`${url}/dashboard/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      const js = await res.text();
      for (const m of js.matchAll(/from '([^']+)'|import\('([^']+)'\)/g)) {
        const spec = m[1] ?? m[2] ?? '';
        expect(spec, file).toMatch(/^\.\/[a-z-]+\.js$/);
        queue.push(spec.slice(2));
      }
      expect(js, file).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    }
    expect([...seen].sort()).toEqual(
      readdirSync(UI_DIR)
        .filter((f) => f.endsWith('.js'))
        .sort(),
    );
    expect((await fetch(`${url}/dashboard/style.css`)).status).toBe(200);
    expect(await (await fetch(`${url}/dashboard`)).text()).toBe(html);
  });

  it('answers unknown dashboard files 404, writes 405, and other paths 404 without forwardTo', async () => {
    const { url } = await serve({ sources: {} });
    const missing = await fetch(`${url}/dashboard/nope.js`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'no dashboard file /dashboard/nope.js' },
    });
    // The ui directory's tsconfig.json is not a servable type.
    expect((await fetch(`${url}/dashboard/tsconfig.json`)).status).toBe(404);
    expect((await fetch(`${url}/dashboard/../src/index.ts`)).status).toBe(404);
    const post = await fetch(`${url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(((await post.json()) as { error: { code: string } }).error.code).toBe(
      'METHOD_NOT_ALLOWED',
    );
    const api = await fetch(`${url}/api/status`);
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'no endpoint /api/status' },
    });
  });

  it('rejects a bad port or forwardTo with a TypeError naming the option', async () => {
    await expect(serveDashboard({ sources: {}, port: 70000 })).rejects.toThrow(
      /^port: expected an integer 0\.\.65535, got 70000$/,
    );
    await expect(serveDashboard({ sources: {}, forwardTo: 'ftp://x' })).rejects.toThrow(
      /^forwardTo: expected an http:\/\/ URL/,
    );
    await expect(serveDashboard({ sources: {}, forwardTo: 'not a url' })).rejects.toThrow(
      TypeError,
    );
  });
});

describe('serveDashboard: forwarding to the control API (one address for both)', () => {
  it('forwards /api/* to a real emulator control API, errors included, and SSE streams', async () => {
    const emulator = createEmulator({ bootDelayMs: 0, postMs: 0 });
    onTestFinished(() => emulator.close());
    const api = await serveControlApi(emulator.control);
    onTestFinished(() => api.close());
    const { url } = await serve({ sources: { controls: 'emulator' }, forwardTo: api.url });

    const ok = await fetch(`${url}/api/ev`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"action":"connect"}',
    });
    expect(ok.status).toBe(200);
    expect(emulator.control.status().evConnected).toBe(true);
    const bad = await fetch(`${url}/api/fault`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"kind":"lightning"}',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('UNKNOWN_FAULT');
    const events = await openEvents(`${url}/api/events`);
    onTestFinished(() => events.close());
    const first = await events.next('status');
    expect((first.data as { evConnected: boolean }).evConnected).toBe(true);
  });

  it('answers 502 BAD_GATEWAY when the control API is gone', async () => {
    const api = await serveControlApi(createEmulator().control);
    const gone = api.url;
    await api.close();
    const { url } = await serve({ sources: {}, forwardTo: gone });
    const res = await fetch(`${url}/api/status`);
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BAD_GATEWAY');
  });
});

describe('createDashboardHandler: mounted next to other routes', () => {
  it('handles only its own paths and returns false for the rest', async () => {
    const handler = createDashboardHandler({});
    onTestFinished(() => handler.close());
    const server = createServer((req, res) => {
      if (handler.handle(req, res)) return;
      res.end('theirs');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect(await (await fetch(`${base}/api/status`)).text()).toBe('theirs');
    expect(await (await fetch(`${base}/dashboardx`)).text()).toBe('theirs');
    expect(await (await fetch(`${base}/`)).text()).toContain('<svg id="chart"');
    handler.close();
    handler.close(); // idempotent
    const late = await fetch(`${base}/dashboard/events`);
    expect(late.status).toBe(503);
  });
});

describe('GET /dashboard/events', () => {
  it('starts with init (chart from the machine, panels, history), then pushes changes', async () => {
    const status$ = new Subject<DashboardStatus>();
    const meter$ = new Subject<DashboardMeter>();
    const rapi$ = new Subject<DashboardRapiTraffic>();
    const { url } = await serve({
      sources: { station: { status$, meter$ }, rapiTraffic$: rapi$, controls: 'emulator' },
      batchMs: 20,
    });
    status$.next(status('notConnected'));
    rapi$.next({ direction: 'tx', line: '$GS^30', at: 1000 });
    const events = await openEvents(`${url}/dashboard/events`);
    onTestFinished(() => events.close());
    const init = (await events.next('init')).data as Record<string, unknown>;
    expect(init['chart']).toEqual(machineToJson());
    expect(init['controls']).toBe('emulator');
    expect(init['panels']).toEqual({
      station: true,
      meter: true,
      rapi: true,
      ocpp: false,
      fleet: false,
      claims: false,
      limit: false,
    });
    expect(init['status']).toEqual(status('notConnected'));
    expect(init['rapi']).toEqual([
      { dir: 'tx', line: '$GS^30', at: 1000, info: expect.stringContaining('$GS: EVSE state') },
    ]);

    status$.next(status('fault', 'gfci'));
    const change = await events.next('status');
    expect(change.data).toEqual({
      status: status('fault', 'gfci'),
      transition: { from: 'notConnected', to: 'fault.gfci', at: expect.any(Number) },
    });
    meter$.next({
      at: new Date(5000),
      currentMa: -1,
      voltageMv: 240_000,
      sessionWh: 1,
      sessionWs: 5400,
      temperatureC: null,
    });
    // −1 mA (no ammeter) plots as 0; energy counts partial watt-hours from the Ws counter.
    expect((await events.next('meter')).data).toEqual([
      { t: 5000, currentA: 0, voltageV: 240, energyWh: 1.5, temperatureC: null },
    ]);
  });

  it('batches: 2,000 lines in one burst arrive as one event, in order', async () => {
    const rapi$ = new Subject<DashboardRapiTraffic>();
    const { url } = await serve({ sources: { rapiTraffic$: rapi$ }, batchMs: 50 });
    const events = await openEvents(`${url}/dashboard/events`);
    onTestFinished(() => events.close());
    await events.next('init');
    for (let i = 0; i < 2000; i++) {
      rapi$.next({ direction: i % 2 ? 'rx' : 'tx', line: i % 2 ? '$OK' : '$GS', at: i });
    }
    const batch = (await events.next('rapi')).data as { at: number }[];
    expect(batch.map((l) => l.at)).toEqual([...Array(2000).keys()]);
    expect(events.events.filter((e) => e.event === 'rapi')).toHaveLength(1);
  });

  it('shows the latest claims (who holds the EVSE, the current limit) and pushes changes', async () => {
    const claims$ = new Subject<DashboardClaims>();
    const { url } = await serve({ sources: { claims$ }, batchMs: 20 });
    const held: DashboardClaims = {
      claims: [{ client: 'ocpp', priority: 1050, state: 'disabled' }],
      target: { state: 'disabled', client: 'ocpp' },
    };
    claims$.next(held);
    const events = await openEvents(`${url}/dashboard/events`);
    onTestFinished(() => events.close());
    const init = (await events.next('init')).data as Record<string, unknown>;
    expect(init['panels']).toMatchObject({ claims: true });
    expect(init['claims']).toEqual(held);
    const manual: DashboardClaims = {
      claims: [...held.claims, { client: 'manual', priority: 1000, chargeCurrent: 10 }],
      target: { state: 'disabled', client: 'ocpp', chargeCurrent: 10, currentClient: 'manual' },
    };
    claims$.next(manual);
    expect((await events.next('claims')).data).toEqual(manual);
  });

  it('pushes the charging limit and the OCPP subprotocol, and GET /dashboard/status has both', async () => {
    const limit$ = new Subject<DashboardLimit | null>();
    const ocppProtocol$ = new Subject<string>();
    const ocpp$ = new Subject<DashboardOcppTraffic>();
    const { url } = await serve({
      sources: { title: 'cp', limit$, ocppProtocol$, ocppTraffic$: ocpp$ },
      batchMs: 20,
    });
    const snapshot = async () => (await fetch(`${url}/dashboard/status`)).json();
    expect(await snapshot()).toEqual({
      title: 'cp',
      status: null,
      transition: null,
      ocppProtocol: null,
      limit: null,
      claims: null,
    });
    ocppProtocol$.next('ocpp1.6');
    const events = await openEvents(`${url}/dashboard/events`);
    onTestFinished(() => events.close());
    const init = (await events.next('init')).data as Record<string, unknown>;
    expect(init['panels']).toMatchObject({ limit: true, ocpp: true });
    expect(init['ocppProtocol']).toBe('ocpp1.6');
    expect(init['limit']).toBeNull();

    const ten: DashboardLimit = {
      amps: 10,
      paused: false,
      pilotAmps: 10,
      profile: { id: 8, purpose: 'TxProfile', stackLevel: 1, connectorId: 1 },
      until: '2026-12-07T19:00:00.000Z',
    };
    limit$.next(ten);
    ocpp$.next({
      direction: 'rx',
      text: '[2,"9","TriggerMessage",{"requestedMessage":"MeterValues","connectorId":1}]',
      at: 7,
    });
    expect((await events.next('limit')).data).toEqual(ten);
    expect((await events.next('ocpp')).data).toEqual([
      {
        dir: 'rx',
        text: '[2,"9","TriggerMessage",{"requestedMessage":"MeterValues","connectorId":1}]',
        at: 7,
        action: 'TriggerMessage',
        kind: 'call',
        summary: 'MeterValues on connector 1',
      },
    ]);
    expect(await snapshot()).toMatchObject({ ocppProtocol: 'ocpp1.6', limit: ten });
    // Back to no limit: null is pushed too (the page then says "no limit").
    const from = events.events.length;
    limit$.next(null);
    expect((await events.next('limit', () => true, from)).data).toBeNull();
    expect(await snapshot()).toMatchObject({ limit: null });
  });

  it('sends only changed fleet rows, and keeps the whole fleet for late pages', async () => {
    const fleet$ = new Subject<readonly FleetRow[]>();
    const { url } = await serve({ sources: { fleet$ }, batchMs: 20 });
    const rows = (n: number, energy: (i: number) => number): FleetRow[] =>
      Array.from({ length: n }, (_, i) => ({
        id: `EVSE-${i}`,
        state: 'charging',
        transactionId: i,
        energyWh: energy(i),
      }));
    fleet$.next(rows(10_000, () => 0));
    const events = await openEvents(`${url}/dashboard/events`);
    onTestFinished(() => events.close());
    expect(((await events.next('init')).data as { fleet: unknown[] }).fleet).toHaveLength(10_000);
    // The whole fleet again, with three rows changed: three rows go out.
    fleet$.next(rows(10_000, (i) => (i % 4000 === 7 ? 5 : 0)));
    const update = (await events.next('fleet')).data as FleetRow[];
    expect(update.map((r) => r.id)).toEqual(['EVSE-7', 'EVSE-4007', 'EVSE-8007']);
  });

  it('ends open streams on close', async () => {
    const rapi$ = new Subject<DashboardRapiTraffic>();
    const server = await serveDashboard({ sources: { rapiTraffic$: rapi$ }, batchMs: 5 });
    const events = await openEvents(`${server.url}/dashboard/events`);
    await events.next('init');
    await server.close();
    await events.ended;
    expect(rapi$.observed).toBe(false);
  });

  it('drops a page that stops reading once 64 KiB are unsent (EventSource then reconnects)', async () => {
    const rapi$ = new Subject<DashboardRapiTraffic>();
    const handler = createDashboardHandler(
      { rapiTraffic$: rapi$ },
      { batchMs: 5, maxBufferedBytes: 64 * 1024 },
    );
    onTestFinished(() => handler.close());
    let stream: ServerResponse | null = null;
    const server = createServer((req, res) => {
      if (req.url === '/dashboard/events') stream = res;
      handler.handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    server.unref();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const res = await new Promise<IncomingMessage>((resolve) =>
      get(`${url}/dashboard/events`, resolve),
    );
    res.pause();
    const line = `$GS ${'x'.repeat(200)}`;
    // Push until the server gives up on the page (the kernel's socket buffers fill first);
    // 64 MB would be a bug.
    let pushed = 0;
    while (!(stream as ServerResponse | null)?.writableEnded && pushed < 64e6) {
      for (let i = 0; i < 1000; i++) rapi$.next({ direction: 'tx', line, at: i });
      pushed += 1000 * line.length;
      await new Promise((resolve) => setTimeout(resolve, 8));
    }
    expect((stream as ServerResponse | null)?.writableEnded).toBe(true);
    const ended = new Promise<void>((resolve) => res.on('end', resolve));
    res.resume();
    await ended;
    // Still serving the next page.
    expect((await fetch(`${url}/`)).status).toBe(200);
    res.destroy();
  });
});
