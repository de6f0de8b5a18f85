import { filter, firstValueFrom, Subject } from 'rxjs';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createVirtualClock } from '../src/clock.js';
import { createEmulator } from '../src/emulator.js';
import { ExposureError } from '../src/exposure-errors.js';
import { serveTcp, type TcpClientEvent } from '../src/serve-tcp.js';
import type { DevicePort } from '../src/types.js';
import { collect, connectTcp } from './support/exposure-clients.js';

/** A device that records what it receives; the test decides what it sends. */
function recordingDevice(): DevicePort & { received: string[]; emit(text: string): void } {
  const output = new Subject<string>();
  const received: string[] = [];
  return {
    output$: output.asObservable(),
    received,
    receive: (chunk) => void received.push(chunk),
    emit: (text) => output.next(text),
  };
}

describe('serveTcp', () => {
  it('feeds every client input to the device and sends device output to all clients', async () => {
    const device = recordingDevice();
    const tcp = await serveTcp(device, { port: 0 });
    onTestFinished(() => tcp.close());
    const events: TcpClientEvent[] = [];
    const sub = tcp.clients$.subscribe((e) => events.push(e));
    onTestFinished(() => sub.unsubscribe());
    expect(tcp.address.host).toBe('127.0.0.1');
    expect(tcp.address.port).toBeGreaterThan(0);

    const a = await connectTcp(tcp.address.port);
    const b = await connectTcp(tcp.address.port);
    onTestFinished(() => void a.destroy());
    onTestFinished(() => void b.destroy());
    const rxA = collect(a);
    const rxB = collect(b);
    a.write('$GS^30\r');
    b.write(Buffer.from('$GV^35\r\xff', 'latin1'));
    await vi.waitUntil(() => device.received.join('').length === 15, {
      timeout: 2000,
      interval: 5,
    });
    expect(device.received.join('')).toContain('$GS^30\r');
    expect(device.received.join('')).toContain('$GV^35\r\xff');

    device.emit('$AT 02 02 24 0700^30\r');
    expect(await rxA.waitFor('\r')).toBe('$AT 02 02 24 0700^30\r');
    expect(await rxB.waitFor('\r')).toBe('$AT 02 02 24 0700^30\r');

    // One client leaving does not disturb the other.
    a.destroy();
    await vi.waitUntil(() => events.some((e) => e.type === 'disconnect'), {
      timeout: 2000,
      interval: 5,
    });
    rxB.clear();
    device.emit('$OK^20\r');
    expect(await rxB.waitFor('\r')).toBe('$OK^20\r');
    expect(events.map((e) => [e.type, e.clients])).toEqual([
      ['connect', 1],
      ['connect', 2],
      ['disconnect', 1],
    ]);
  });

  it('serves the real emulator: a reply and the $AT of a plug-in reach both clients', async () => {
    const clock = createVirtualClock();
    const emulator = createEmulator({ clock });
    onTestFinished(() => emulator.close());
    clock.advance(10_000); // boot and POST (RAPI.md §4.1)
    const tcp = await serveTcp(emulator.device, { port: 0 });
    onTestFinished(() => tcp.close());
    const both = firstValueFrom(tcp.clients$.pipe(filter((e) => e.clients === 2)));
    const a = await connectTcp(tcp.address.port);
    const b = await connectTcp(tcp.address.port);
    onTestFinished(() => void a.destroy());
    onTestFinished(() => void b.destroy());
    await both; // the server has registered both clients
    const rxA = collect(a);
    const rxB = collect(b);
    a.write('$GV^35\r');
    expect(await rxA.waitFor('\r')).toBe('$OK 8.2.3 5.2.1^2F\r');
    expect(await rxB.waitFor('\r')).toBe('$OK 8.2.3 5.2.1^2F\r'); // one UART, every listener
    rxA.clear();
    emulator.control.plugIn();
    clock.advance(1000); // 250 ms debounce (RAPI.md §1.12)
    expect(await rxA.waitFor('$AT 02 02 24 0700^30\r')).toContain('$AT 02 02 24 0700^30\r');
  });

  it('rejects a port in use with EADDRINUSE naming the address, and leaves the other server alone', async () => {
    const first = await serveTcp(recordingDevice(), { port: 0 });
    onTestFinished(() => first.close());
    const { port } = first.address;
    const err = await serveTcp(recordingDevice(), { port }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExposureError);
    expect(err).toMatchObject({ code: 'EADDRINUSE' });
    expect((err as Error).message).toContain(`127.0.0.1:${port}`);
    const client = await connectTcp(port); // the first server still serves
    client.destroy();
  });

  it('rejects a bad port with a TypeError naming it', async () => {
    await expect(serveTcp(recordingDevice(), { port: 70000 })).rejects.toThrow(/port/);
  });

  it('close() disconnects clients, stops listening and detaches from the device', async () => {
    const device = recordingDevice();
    const tcp = await serveTcp(device, { port: 0 });
    const client = await connectTcp(tcp.address.port);
    const ended = new Promise<void>((resolve) => client.once('close', () => resolve()));
    await tcp.close();
    await tcp.close(); // idempotent
    await ended;
    device.emit('nobody listens\r'); // no throw
    await expect(connectTcp(tcp.address.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
