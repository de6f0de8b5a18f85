import type { TransportPeer } from '@evse/core/testing';
import { transportContract } from '@evse/core/testing';
import { firstValueFrom, Subject } from 'rxjs';
import { SerialPortMock } from 'serialport';
import { describe, expect, it } from 'vitest';
import { openSerialTransport, SerialTransportError } from '../src/index.js';

type MockBinding = typeof SerialPortMock.binding;
type MockPort = Awaited<ReturnType<MockBinding['open']>>;

/**
 * Unplug hooks per mock port: `unplug()` fails the pending read (or the next one, if the stream
 * has not issued it yet) with a `disconnect` error, as bindings-cpp does for ENXIO.
 */
const unplugs = new WeakMap<object, () => void>();

let counter = 0;
/** A fresh mock device path: the mock's port registry is module-global, so never reuse one. */
function mockPath(): string {
  const path = `/dev/ttyMOCK${process.pid}-${counter++}`;
  SerialPortMock.binding.createPort(path);
  return path;
}

/**
 * The mock binding, wrapped to hand us each opened port: the device side of the wire. Writes
 * from the transport are observed by wrapping the port's `write`.
 */
function capturingBinding(): { binding: MockBinding; ports: Subject<MockPort> } {
  const base = SerialPortMock.binding;
  const ports = new Subject<MockPort>();
  // Wrapped before the stream issues its first read, so an unplug can fail that read too.
  const unpluggable = (port: MockPort): MockPort => {
    const read = port.read.bind(port);
    const unplugged = () => Object.assign(new Error('device unplugged'), { disconnect: true });
    let gone = false;
    let failPending: (() => void) | null = null;
    unplugs.set(port, () => {
      gone = true;
      failPending?.();
    });
    port.read = (buffer, offset, length) =>
      new Promise((resolve, reject) => {
        if (gone) return reject(unplugged());
        failPending = () => reject(unplugged());
        read(buffer, offset, length).then(resolve, reject);
      });
    return port;
  };
  const binding: MockBinding = {
    list: () => base.list(),
    reset: () => base.reset(),
    createPort: (path, opt) => base.createPort(path, opt),
    open: async (options) => {
      const port = unpluggable(await base.open(options));
      ports.next(port);
      return port;
    },
  };
  return { binding, ports };
}

/**
 * The device end of a mock port as a contract peer. `close()` is an unplug: pending reads fail
 * with a `disconnect` error, as bindings-cpp reports ENXIO, so the stream closes as disconnected.
 */
function deviceSide(port: MockPort): TransportPeer {
  const received$ = new Subject<string>();
  const write = port.write.bind(port);
  port.write = async (buffer: Buffer) => {
    await write(buffer);
    received$.next(buffer.toString('latin1'));
  };
  return {
    received$,
    async send(text) {
      port.emitData(Buffer.from(text, 'latin1'));
    },
    async close() {
      unplugs.get(port)?.();
    },
  };
}

describe('serial transport over SerialPortMock: transport contract', () => {
  for (const check of transportContract) {
    it(check.name, () =>
      check.run({
        async open() {
          const { binding, ports } = capturingBinding();
          const opened = new Promise<MockPort>((resolve) => ports.subscribe(resolve));
          const transport = await openSerialTransport({ path: mockPath(), binding });
          const peer = deviceSide(await opened);
          return { transport, peer, dispose: () => transport.close() };
        },
      }),
    );
  }
});

describe('serial transport over SerialPortMock: opening', () => {
  it('resolves with an open transport whose connection$ replays "open"', async () => {
    const path = mockPath();
    const t = await openSerialTransport({ path, binding: SerialPortMock.binding });
    expect(t.path).toBe(path);
    expect(t.baudRate).toBe(115200);
    expect(t.connection).toMatchObject({ state: 'open', attempt: 0 });
    await t.close();
    expect(t.connection).toMatchObject({ state: 'closed', error: null });
  });

  it('a path the binding does not know rejects with NOT_FOUND naming the path', async () => {
    const err = await openSerialTransport({
      path: '/dev/ttyMOCK-missing',
      binding: SerialPortMock.binding,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SerialTransportError);
    expect(err).toMatchObject({ code: 'NOT_FOUND', port: '/dev/ttyMOCK-missing' });
    expect((err as Error).message).toContain('/dev/ttyMOCK-missing');
  });

  it('a second open of a locked port rejects with BUSY; the first stays usable', async () => {
    const path = mockPath();
    const first = await openSerialTransport({ path, binding: SerialPortMock.binding });
    const err = await openSerialTransport({ path, binding: SerialPortMock.binding }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'BUSY', port: path });
    expect((err as Error).message).toMatch(/busy/);
    await expect(first.write('$GS^30\r')).resolves.toBeUndefined();
    await first.close();
  });

  it('with reconnect, an unplug is survived: lost, reopened, same Transport, data flows again', async () => {
    const { binding, ports } = capturingBinding();
    const opened: MockPort[] = [];
    ports.subscribe((p) => opened.push(p));
    const t = await openSerialTransport({
      path: mockPath(),
      binding,
      reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
    });
    const states: string[] = [];
    t.connection$.subscribe((e) => states.push(e.state));
    const reconnected = firstValueFrom(t.reconnected$);
    await deviceSide(opened[0] as MockPort).close();
    expect(await reconnected).toMatchObject({ attempt: 1 });
    expect(states).toEqual(['open', 'lost', 'reconnecting', 'open']);
    const got = firstValueFrom(t.data$);
    await deviceSide(opened[1] as MockPort).send('$AT 03 03 32 0100^30\r');
    expect(await got).toBe('$AT 03 03 32 0100^30\r');
    await t.close();
  });

  it('bad arguments throw TypeErrors naming the argument', async () => {
    await expect(openSerialTransport({ path: '' })).rejects.toThrow(TypeError);
    await expect(
      openSerialTransport({ path: mockPath(), baudRate: -1, binding: SerialPortMock.binding }),
    ).rejects.toThrow(/baudRate/);
  });
});
