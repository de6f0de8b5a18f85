/**
 * The shared connection loop with a version that is neither 1.5 nor 1.6 (the `test0.1`
 * dialect): it offers the version's subprotocol, boots through the version's hook, heartbeats
 * at the version's period, and after the central system drops it, reconnects and carries on
 * without a second boot (one BootNotification per (re)boot of the charge point, STEVE.md §5.2).
 */
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import {
  type LinkEvent,
  type LinkVersion,
  type RpcEndpoint,
  RpcEndpointImpl,
  startLink,
} from '../src/index.js';
import { TEST_DIALECT, type TestDialect } from './support/dialect.js';

type Ep = RpcEndpointImpl<TestDialect>;

describe('startLink over a made-up dialect', () => {
  it('connects with the version subprotocol, boots, heartbeats, and reconnects after a drop without booting again', async () => {
    const wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      handleProtocols: (offered) => (offered.has('test0.1') ? 'test0.1' : false),
    });
    onTestFinished(() => new Promise<void>((resolve) => wss.close(() => resolve())));
    await new Promise<void>((resolve) => wss.once('listening', resolve));
    const received: string[] = [];
    const sockets: WebSocket[] = [];
    wss.on('connection', (ws, req) => {
      sockets.push(ws);
      received.push(`open ${req.url}`);
      const cs: RpcEndpoint<TestDialect> = new RpcEndpointImpl(ws, TEST_DIALECT, {
        role: 'centralSystem',
      });
      cs.handle('Hello', (r) => {
        received.push(`Hello ${r.name}`);
        return { greeting: 'welcome' };
      });
      cs.handle('Heartbeat', () => {
        received.push('Heartbeat');
        return { currentTime: new Date().toISOString() };
      });
    });

    const events: LinkEvent[] = [];
    const ready: (Ep | null)[] = [];
    const version: LinkVersion<Ep> = {
      opts: {
        url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ocpp`,
        chargeBoxId: 'T-1',
        reconnect: { minDelayMs: 20, maxDelayMs: 50 },
      },
      subprotocols: ['test0.1'],
      endpoint: (ws) => new RpcEndpointImpl(ws, TEST_DIALECT, { role: 'chargePoint' }),
      install: () => {},
      boot: async (ep) => (await ep.call('Hello', { name: 'T-1' })).greeting === 'welcome',
      setReady: (ep) => ready.push(ep),
      onReady: () => {},
      heartbeatMs: () => 50,
      heartbeat: (ep) => void ep.call('Heartbeat', {}).catch(() => {}),
      emit: (e) => events.push(e),
    };
    const link = startLink(version);
    onTestFinished(() => link.close());

    await vi.waitFor(() => expect(received.filter((r) => r === 'Heartbeat').length).toBe(2), {
      timeout: 10_000,
    });
    expect(received.slice(0, 2)).toEqual(['open /ocpp/T-1', 'Hello T-1']);
    expect(link.state$.value).toBe(1);
    expect(events[0]).toEqual({
      type: 'connected',
      url: `${version.opts.url}/T-1`,
      protocol: 'test0.1',
    });

    sockets[0]?.terminate();
    await vi.waitFor(() => expect(received.filter((r) => r.startsWith('open')).length).toBe(2), {
      timeout: 10_000,
    });
    const beats = received.length;
    await vi.waitFor(() => expect(received.slice(beats)).toContain('Heartbeat'), {
      timeout: 10_000,
    });
    expect(received.filter((r) => r.startsWith('Hello'))).toEqual(['Hello T-1']);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['connected', 'disconnected', 'reconnecting']),
    );
    expect(ready.filter((r) => r === null).length).toBeGreaterThanOrEqual(1);
    await link.close();
    expect(link.state$.value).toBe(3);
  });
});
