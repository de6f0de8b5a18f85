/**
 * The charge point over security profile 1 (Basic auth, @evse/ocppj connect): a wrong
 * password is one clear UNAUTHORIZED error, the link backs off and retries, and once the
 * central system accepts the password it boots. The password never appears in an event.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { basicAuthHeader, OcppConnectError } from '@evse/ocppj';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import { createChargePoint } from '../src/charge-point/create.js';
import type { ChargePointEvent } from '../src/charge-point/types.js';
import { createFakeStation } from './support/fake-station.js';

const PASSWORD = 'the-authorization-key-0123';

describe('security profile 1 on the charge point', () => {
  it('a refused password is UNAUTHORIZED, retried with back-off; accepted once the CS knows it', async () => {
    let accepted = 'some-other-password';
    const boots: string[] = [];
    const server = createServer();
    const wss = new WebSocketServer({ noServer: true, handleProtocols: () => 'ocpp1.5' });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (req.headers.authorization !== basicAuthHeader('CP1', accepted)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) =>
        ws.on('message', (data) => {
          const [, id, action] = JSON.parse(String(data)) as [number, string, string];
          boots.push(action);
          ws.send(
            JSON.stringify([
              3,
              id,
              { status: 'Accepted', currentTime: new Date().toISOString(), heartbeatInterval: 300 },
            ]),
          );
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(
      () =>
        new Promise<void>((resolve) => {
          for (const c of wss.clients) c.terminate();
          server.close(() => resolve());
        }),
    );
    const events: ChargePointEvent[] = [];
    const cp = createChargePoint({
      url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ocpp`,
      chargeBoxId: 'CP1',
      password: PASSWORD,
      station: createFakeStation().station,
      vendor: 'OpenEVSE',
      model: 'Emulated',
      reconnect: { minDelayMs: 50, maxDelayMs: 100 },
    });
    onTestFinished(() => cp.close());
    cp.events$.subscribe((e) => events.push(e));

    await vi.waitFor(
      () => expect(events.filter((e) => e.type === 'reconnecting').length).toBeGreaterThan(1),
      {
        timeout: 15_000,
      },
    );
    const errors = events.flatMap((e) => (e.type === 'error' ? [e.error] : []));
    expect(errors[0]).toBeInstanceOf(OcppConnectError);
    expect((errors[0] as OcppConnectError).code).toBe('UNAUTHORIZED');

    accepted = PASSWORD;
    await vi.waitFor(() => expect(boots).toContain('BootNotification'), { timeout: 15_000 });
    const text = events
      .map((e) =>
        JSON.stringify(e, (_k, v: unknown) =>
          v instanceof Error ? `${v.message} ${String(v.cause)}` : v,
        ),
      )
      .join('\n');
    expect(text).not.toContain(PASSWORD);
  });

  it('rejects bad security options with a TypeError naming the option', () => {
    const base = {
      url: 'ws://127.0.0.1:1/ocpp',
      chargeBoxId: 'CP1',
      station: createFakeStation().station,
      vendor: 'OpenEVSE',
      model: 'Emulated',
    };
    expect(() => createChargePoint({ ...base, password: '' })).toThrow(/^password: /);
    expect(() => createChargePoint({ ...base, ca: 'PEM' })).toThrow(/^ca: needs a wss:\/\/ url/);
    expect(() => createChargePoint({ ...base, url: 'wss://x/ocpp', cert: 'PEM' })).toThrow(
      /^key: cert and key go together/,
    );
  });
});
