/**
 * The raw RAPI TCP port against HTTP (a web page's `fetch` POST) and against too many clients
 * (AUDIT-2026-12.md findings 5 and 30): real sockets on 127.0.0.1.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { createVirtualClock } from '../src/clock.js';
import { createEmulator } from '../src/emulator.js';
import { sniffHttp } from '../src/http-sniff.js';
import { serveTcp, type TcpClientEvent } from '../src/serve-tcp.js';
import { collect, connectTcp } from './support/exposure-clients.js';

async function authLockedStation(options: { maxClients?: number } = {}) {
  const clock = createVirtualClock();
  const emulator = createEmulator({ clock, authLock: true });
  onTestFinished(() => emulator.close());
  clock.advance(10_000); // boot and POST (RAPI.md §4.1)
  const tcp = await serveTcp(emulator.device, { port: 0, ...options });
  onTestFinished(() => tcp.close());
  const events: TcpClientEvent[] = [];
  const sub = tcp.clients$.subscribe((e) => events.push(e));
  onTestFinished(() => sub.unsubscribe());
  return { clock, emulator, tcp, events };
}

const closed = (socket: import('node:net').Socket) =>
  new Promise<void>((resolve) => socket.once('close', () => resolve()));

describe('serveTcp against HTTP', () => {
  it.each([
    ['in one packet', 1],
    ['a byte at a time', 0],
  ])('a POST whose body is RAPI (%s) is answered 400 and runs nothing', async (_n, whole) => {
    const { clock, emulator, tcp, events } = await authLockedStation();
    const before = emulator.control.status();
    expect(before).toMatchObject({ authLocked: true, currentCapacity: 24 });
    const socket = await connectTcp(tcp.address.port);
    const rx = collect(socket);
    const done = closed(socket);
    const body = '\r$S4 0\r$SC 7\r';
    const request = `POST / HTTP/1.1\r\nHost: 127.0.0.1:${tcp.address.port}\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    if (whole) socket.write(request);
    else for (const c of request) socket.write(c);
    await done;
    clock.advance(2000);
    expect(rx.text()).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(rx.text()).toContain('raw RAPI');
    expect(emulator.control.status()).toMatchObject({ authLocked: true, currentCapacity: 24 });
    expect(events.map((e) => [e.type, e.reason])).toEqual([
      ['connect', undefined],
      ['refused', 'http'],
    ]);
  });

  it('a RAPI client that sends a byte at a time is served as before', async () => {
    const { tcp } = await authLockedStation();
    const socket = await connectTcp(tcp.address.port);
    onTestFinished(() => void socket.destroy());
    const rx = collect(socket);
    for (const c of '\r$GV^35\r') socket.write(c);
    expect(await rx.waitFor('$OK 8.2.3')).toContain('$OK 8.2.3 5.2.1^2F\r');
  });

  it.each([
    ['GET / HTTP/1.1', 'http'],
    ['OPTIONS *', 'http'],
    ['PRI * HTTP/2.0', 'http'],
    ['POS', 'undecided'],
    ['', 'undecided'],
    ['$GS^30\r', 'other'],
    ['\r$S4 0', 'other'],
    ['GS', 'other'],
  ] as const)('sniffHttp(%j) = %s', (start, kind) => {
    expect(sniffHttp(start)).toBe(kind);
  });
});

describe('serveTcp client cap', () => {
  it('serves maxClients and tells the next one why it is refused', async () => {
    const { tcp, events } = await authLockedStation({ maxClients: 2 });
    const a = await connectTcp(tcp.address.port);
    const b = await connectTcp(tcp.address.port);
    onTestFinished(() => void a.destroy());
    onTestFinished(() => void b.destroy());
    const c = await connectTcp(tcp.address.port);
    const rxC = collect(c);
    await closed(c);
    expect(rxC.text()).toBe('busy: 2 clients are connected, the most this port serves\r\n');
    expect(events.at(-1)).toMatchObject({ type: 'refused', reason: 'full', clients: 2 });
    // A served client still works; once one leaves, a new one is served.
    const rxA = collect(a);
    a.write('$GV^35\r');
    expect(await rxA.waitFor('\r')).toBe('$OK 8.2.3 5.2.1^2F\r');
    b.destroy();
    await new Promise((r) => setTimeout(r, 50));
    const d = await connectTcp(tcp.address.port);
    onTestFinished(() => void d.destroy());
    const rxD = collect(d);
    d.write('$GV^35\r');
    expect(await rxD.waitFor('\r')).toBe('$OK 8.2.3 5.2.1^2F\r');
  });

  it('defaults to 8 clients and refuses a bad maxClients', async () => {
    const { tcp } = await authLockedStation();
    const sockets = await Promise.all(
      Array.from({ length: 8 }, () => connectTcp(tcp.address.port)),
    );
    onTestFinished(() => {
      for (const s of sockets) s.destroy();
    });
    const ninth = await connectTcp(tcp.address.port);
    const rx = collect(ninth);
    await closed(ninth);
    expect(rx.text()).toMatch(/^busy: 8 clients/);
    const clock = createVirtualClock();
    const emulator = createEmulator({ clock });
    onTestFinished(() => emulator.close());
    await expect(serveTcp(emulator.device, { port: 0, maxClients: 0 })).rejects.toThrow(
      'maxClients',
    );
  });
});
