import { peerFromTransport, transportContract } from '@evse/core/testing';
import { serveTcp, type TcpServer } from '@evse/transport-emulator';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  type ConnectionEvent,
  keepInSync,
  openTcpTransport,
  openTransport,
  SerialTransportError,
  type SyncEvent,
  type TcpTransport,
} from '../src/index.js';
import { createMirror, lineClient, waitForState } from './helpers/rapi.js';
import { bootedEmulator, runSession } from './helpers/session.js';
import { listenLoopback, socketTransport } from './helpers/tcp-server.js';

/** A port nothing listens on: bind one, then release it. */
async function freePort(): Promise<number> {
  const server = await listenLoopback(0);
  await server.close();
  return server.port;
}

describe('TCP transport: transport contract', () => {
  for (const check of transportContract) {
    it(check.name, () =>
      check.run({
        async open() {
          const server = await listenLoopback(0);
          const accepted = firstValueFrom(server.accepted$);
          const transport = await openTcpTransport({ host: '127.0.0.1', port: server.port });
          const far = socketTransport(await accepted);
          return {
            transport,
            peer: peerFromTransport(far),
            dispose: async () => {
              await transport.close();
              await far.close();
              await server.close();
            },
          };
        },
      }),
    );
  }
});

describe('TCP transport: opening', () => {
  it('nothing listening rejects with REFUSED naming the endpoint', async () => {
    const port = await freePort();
    const err = await openTcpTransport({ host: '127.0.0.1', port }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SerialTransportError);
    expect(err).toMatchObject({ code: 'REFUSED', port: `tcp://127.0.0.1:${port}` });
    expect((err as Error).message).toMatch(/refused/);
  });

  it('openTransport("tcp://…") opens the same transport; bad specs reject with BAD_SPEC', async () => {
    const server = await listenLoopback(0);
    const t = await openTransport(`tcp://127.0.0.1:${server.port}`);
    expect(t.endpoint).toBe(`tcp://127.0.0.1:${server.port}`);
    expect(t.connection.state).toBe('open');
    await t.close();
    await server.close();
    await expect(openTransport('tcp://127.0.0.1')).rejects.toMatchObject({ code: 'BAD_SPEC' });
    await expect(openTransport('emulator')).rejects.toMatchObject({ code: 'BAD_SPEC' });
  });

  it('bad arguments throw TypeErrors naming the argument', async () => {
    await expect(openTcpTransport({ host: '', port: 1 })).rejects.toThrow(/host/);
    await expect(openTcpTransport({ host: '127.0.0.1', port: 70000 })).rejects.toThrow(/port/);
  });
});

describe('TCP transport with a device behind it', () => {
  it('a full RAPI session with the emulator behind its serveTcp', async () => {
    const emulator = await bootedEmulator();
    const server = await serveTcp(emulator.device, { port: 0 });
    const transport = await openTcpTransport({ host: '127.0.0.1', port: server.address.port });
    try {
      const client = lineClient(transport);
      await runSession(client, createMirror(client), emulator.control);
    } finally {
      await transport.close();
      await server.close();
      await emulator.close();
    }
  });

  it('the server drops and comes back on the same port: lost → reconnecting → open, resynced within 2 s', async () => {
    const emulator = await bootedEmulator();
    let server: TcpServer = await serveTcp(emulator.device, { port: 0 });
    const port = server.address.port;
    const transport = await openTcpTransport({
      host: '127.0.0.1',
      port,
      reconnect: { initialDelayMs: 50, maxDelayMs: 400 },
    });
    const events: ConnectionEvent[] = [];
    transport.connection$.subscribe((e) => events.push(e));
    const client = lineClient(transport);
    const mirror = createMirror(client);
    const synced: SyncEvent[] = [];
    const sync = keepInSync(mirror, transport).subscribe((e) => synced.push(e));
    try {
      expect(await mirror.resync()).toBe(0x01);
      const lost = waitFor(transport, 'lost');
      await server.close();
      expect(await lost).toMatchObject({
        error: { code: 'LOST', port: `tcp://127.0.0.1:${port}` },
      });
      await expect(transport.write('$GS^30\r')).rejects.toMatchObject({ code: 'LOST' });
      // While down the EV plugs in; the $AT goes nowhere.
      emulator.control.plugIn();
      await waitFor(transport, 'reconnecting');
      // Attempts while down fail with REFUSED and are reported with the next attempt.
      await firstValueFrom(
        transport.connection$.pipe(
          filter((e) => e.state === 'reconnecting' && e.lastError?.code === 'REFUSED'),
          timeout(2000),
        ),
      );
      server = await serveTcp(emulator.device, { port });
      const back = Date.now();
      await waitForState(mirror, 0x02, 2000);
      expect(Date.now() - back).toBeLessThan(2000);
      await expect.poll(() => synced.length).toBe(1);
      expect(synced).toMatchObject([{ type: 'resynced' }]);
      expect(transport.connection).toMatchObject({ state: 'open' });
      expect(await client.request('$GV')).toEqual(['8.2.3', '5.2.1']);
    } finally {
      sync.unsubscribe();
      await transport.close();
      await server.close();
      await emulator.close();
    }
    const states = events.map((e) => e.state);
    expect(states[0]).toBe('open');
    expect(states).toContain('lost');
    expect(states.at(-1)).toBe('closed');
  });

  it('without reconnect a drop closes the transport: data$ completes, writes reject', async () => {
    const emulator = await bootedEmulator();
    const server = await serveTcp(emulator.device, { port: 0 });
    const transport = await openTcpTransport({ host: '127.0.0.1', port: server.address.port });
    const completed = new Promise<void>((resolve) =>
      transport.data$.subscribe({ complete: resolve }),
    );
    await server.close();
    await completed;
    expect(transport.connection).toMatchObject({ state: 'closed', error: { code: 'LOST' } });
    await expect(transport.write('$GS^30\r')).rejects.toThrow(/closed/);
    await transport.close();
    await emulator.close();
  });
});

function waitFor(t: TcpTransport, state: ConnectionEvent['state'], ms = 2000) {
  return firstValueFrom(
    t.connection$.pipe(
      filter((e) => e.state === state),
      timeout(ms),
    ),
  );
}
