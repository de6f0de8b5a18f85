import type { Transport } from '@evse/core';
import { Subject } from 'rxjs';
import { SerialPortMock } from 'serialport';
import { describe, expect, it } from 'vitest';
import { openSerialTransport, SerialTransportError } from '../src/index.js';
import { contractChecks } from './helpers/contract.js';

type MockBinding = typeof SerialPortMock.binding;
type MockPort = Awaited<ReturnType<MockBinding['open']>>;

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
  const binding: MockBinding = {
    list: () => base.list(),
    reset: () => base.reset(),
    createPort: (path, opt) => base.createPort(path, opt),
    open: async (options) => {
      const port = await base.open(options);
      ports.next(port);
      return port;
    },
  };
  return { binding, ports };
}

/** The device end of a mock port as a Transport, so the contract checks can drive it. */
function deviceSide(port: MockPort): Transport {
  const data$ = new Subject<string>();
  const write = port.write.bind(port);
  port.write = async (buffer: Buffer) => {
    await write(buffer);
    data$.next(buffer.toString('latin1'));
  };
  return {
    data$,
    async write(text) {
      port.emitData(Buffer.from(text, 'latin1'));
    },
    async close() {
      data$.complete();
    },
  };
}

describe('serial transport over SerialPortMock: transport contract', () => {
  for (const check of contractChecks) {
    it(check.name, () =>
      check.run({
        async makePair() {
          const { binding, ports } = capturingBinding();
          const opened = new Promise<MockPort>((resolve) => ports.subscribe(resolve));
          const a = await openSerialTransport({ path: mockPath(), binding });
          const b = deviceSide(await opened);
          return {
            a,
            b,
            close: async () => {
              await a.close();
              await b.close();
            },
          };
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

  it('bad arguments throw TypeErrors naming the argument', async () => {
    await expect(openSerialTransport({ path: '' })).rejects.toThrow(TypeError);
    await expect(
      openSerialTransport({ path: mockPath(), baudRate: -1, binding: SerialPortMock.binding }),
    ).rejects.toThrow(/baudRate/);
  });
});
