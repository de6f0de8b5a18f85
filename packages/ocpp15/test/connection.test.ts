import type { AddressInfo } from 'node:net';
import { createServer, type Socket } from 'node:net';
import { backoffDelay, endpointUrl, OcppConnectError } from '@evse/ocppj';
import { describe, expect, it, onTestFinished } from 'vitest';
import { WebSocketServer } from 'ws';
import { createChargePoint } from '../src/charge-point/create.js';
import type { ChargePointOptions } from '../src/charge-point/types.js';
import { startChargePoint } from './support/charge-point-rig.js';
import { createFakeStation } from './support/fake-station.js';
import { type FakeSteveOptions, startFakeSteve } from './support/fake-steve.js';
import { delay, nextEvent } from './support/helpers.js';

function start(steveOpts: FakeSteveOptions, cpOpts: Partial<ChargePointOptions> = {}) {
  return startChargePoint(steveOpts, { reconnect: { minDelayMs: 50, maxDelayMs: 100 }, ...cpOpts });
}

describe('connecting', () => {
  it('reports an unknown chargeBoxId (HTTP 404) as NOT_FOUND, and keeps trying out loud', async () => {
    const { cp, steve } = await start({ ids: ['OTHER'] });
    const e = await nextEvent(cp, 'error');
    expect(e.error).toBeInstanceOf(OcppConnectError);
    expect((e.error as OcppConnectError).code).toBe('NOT_FOUND');
    expect((e.error as OcppConnectError).status).toBe(404);
    expect(e.error.message).toContain('/CP1');
    await nextEvent(cp, 'reconnecting');
    // Registering the id later lets the next attempt in.
    steve.register('CP1');
    await steve.waitFor('BootNotification');
  });

  it('does not offer permessage-deflate, even to a server that would compress (as Jetty can)', async () => {
    // With compression agreed, every socket holds its own zlib streams (hundreds of KB of
    // native memory each): a fleet of thousands against SteVe would be dominated by them,
    // for OCPP frames of a few hundred bytes.
    const wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      perMessageDeflate: true,
      handleProtocols: () => 'ocpp1.5',
    });
    onTestFinished(() => new Promise<void>((resolve) => wss.close(() => resolve())));
    await new Promise<void>((resolve) => wss.once('listening', resolve));
    const seen = new Promise<{ offered: string | undefined; agreed: string }>((resolve) => {
      wss.once('connection', (ws, req) => {
        resolve({ offered: req.headers['sec-websocket-extensions'], agreed: ws.extensions });
        ws.terminate();
      });
    });
    const fake = createFakeStation();
    const cp = createChargePoint({
      url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
      chargeBoxId: 'CP1',
      station: fake.station,
      vendor: 'OpenEVSE',
      model: 'Emulated',
      reconnect: false,
    });
    onTestFinished(() => cp.close());
    expect(await seen).toEqual({ offered: undefined, agreed: '' });
  });

  it('reports HTTP 401 as UNAUTHORIZED', async () => {
    const { cp } = await start({ refuseWith: 401 });
    const e = await nextEvent(cp, 'error');
    expect((e.error as OcppConnectError).code).toBe('UNAUTHORIZED');
  });

  it('reports a server that does not select ocpp1.5 as SUBPROTOCOL', async () => {
    const { cp } = await start({ protocol: false });
    const e = await nextEvent(cp, 'error');
    expect((e.error as OcppConnectError).code).toBe('SUBPROTOCOL');
  });

  it('reports a refused TCP connection as NETWORK', async () => {
    const steve = await startFakeSteve({});
    await steve.stop(); // nothing listens on this port any more
    const cp = createChargePoint({
      url: steve.url,
      chargeBoxId: 'CP1',
      station: createFakeStation().station,
      vendor: 'V',
      model: 'M',
      reconnect: false,
    });
    onTestFinished(() => cp.close());
    const e = await nextEvent(cp, 'error');
    expect((e.error as OcppConnectError).code).toBe('NETWORK');
  });

  it('times out a handshake the server never answers, and close() does not wait for it', async () => {
    // A TCP server that accepts and then says nothing (no HTTP answer to the upgrade).
    const held: Socket[] = [];
    const server = createServer((sock) => held.push(sock));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    onTestFinished(
      () =>
        new Promise<void>((r) => {
          for (const sock of held) sock.destroy();
          server.close(() => r());
        }),
    );
    const port = (server.address() as AddressInfo).port;
    const mk = (handshakeTimeoutMs: number) =>
      createChargePoint({
        url: `ws://127.0.0.1:${port}/ocpp`,
        chargeBoxId: 'CP1',
        station: createFakeStation().station,
        vendor: 'V',
        model: 'M',
        handshakeTimeoutMs,
        reconnect: false,
      });
    const slow = mk(200);
    onTestFinished(() => slow.close());
    const e = await nextEvent(slow, 'error');
    expect((e.error as OcppConnectError).code).toBe('NETWORK');
    expect(e.error.message).toMatch(/timed out/i);

    const stuck = mk(60_000);
    await delay(100);
    const t0 = Date.now();
    await stuck.close();
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('stays closed after a drop when reconnect is false', async () => {
    const { cp, steve } = await start({}, { reconnect: false });
    const states: number[] = [];
    cp.state$.subscribe((s) => states.push(s));
    await steve.waitFor('BootNotification');
    await steve.stop();
    const e = await nextEvent(cp, 'disconnected');
    expect(e.code).toBe(1006);
    await steve.start();
    await delay(300);
    expect(steve.connections()).toBe(0);
    expect(states.at(-1)).toBe(3);
  });

  it('sends nothing but BootNotification while Rejected, and waits the interval', async () => {
    const { steve } = await start({ bootStatus: 'Rejected', heartbeatInterval: 1 });
    await steve.waitFor('BootNotification');
    const t0 = Date.now();
    steve.state.bootStatus = 'Accepted';
    await steve.waitFor('BootNotification');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    await steve.waitFor('StatusNotification');
    const actions = steve.received.map((r) => r.action);
    expect(actions.slice(0, 2)).toEqual(['BootNotification', 'BootNotification']);
  });

  it('rejects bad options with a TypeError naming the option', () => {
    const station = createFakeStation().station;
    const base = {
      url: 'ws://127.0.0.1:1/x',
      chargeBoxId: 'CP1',
      station,
      vendor: 'V',
      model: 'M',
    };
    expect(() => createChargePoint({ ...base, url: 'http://x' })).toThrow(/^url:/);
    expect(() => createChargePoint({ ...base, chargeBoxId: 'a/b' })).toThrow(/^chargeBoxId:/);
    expect(() => createChargePoint({ ...base, chargeBoxId: ' CP1' })).toThrow(/^chargeBoxId:/);
    expect(() => createChargePoint({ ...base, vendor: 'x'.repeat(21) })).toThrow(/^vendor:/);
    expect(() => createChargePoint({ ...base, freeVendTag: 'x'.repeat(21) })).toThrow(
      /^freeVendTag:/,
    );
  });

  it('builds the endpoint URL and grows the back-off with jitter inside its bounds', () => {
    expect(endpointUrl('ws://h/steve/websocket/CentralSystemService/', 'CP 1')).toBe(
      'ws://h/steve/websocket/CentralSystemService/CP%201',
    );
    const o = { minDelayMs: 100, maxDelayMs: 1000, factor: 2, jitter: 0.5 };
    expect(backoffDelay(0, o, () => 0)).toBe(50);
    expect(backoffDelay(0, o, () => 1)).toBe(100);
    expect(backoffDelay(3, o, () => 1)).toBe(800);
    expect(backoffDelay(10, o, () => 1)).toBe(1000);
    expect(backoffDelay(10, o, () => 0)).toBe(500);
  });
});
