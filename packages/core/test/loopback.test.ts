import { describe, expect, it } from 'vitest';
import { TransportClosedError } from '../src/index.js';
import {
  createLoopbackPair,
  peerFromTransport,
  type TransportContractContext,
  transportContract,
} from '../src/testing.js';

function contextFor(chunkSize?: number): TransportContractContext {
  return {
    open: async () => {
      const [transport, other] = createLoopbackPair(chunkSize === undefined ? {} : { chunkSize });
      return {
        transport,
        peer: peerFromTransport(other),
        dispose: async () => {
          await transport.close();
          await other.close();
        },
      };
    },
  };
}

describe('createLoopbackPair: transport contract', () => {
  const ctx = contextFor();
  for (const c of transportContract) it(c.name, () => c.run(ctx));
});

describe('createLoopbackPair({ chunkSize: 3 }): transport contract', () => {
  const ctx = contextFor(3);
  for (const c of transportContract) it(c.name, () => c.run(ctx));
});

describe('createLoopbackPair', () => {
  it('delivers asynchronously, never inside write()', async () => {
    const [a, b] = createLoopbackPair();
    const seen: string[] = [];
    b.data$.subscribe((chunk) => seen.push(chunk));
    const written = a.write('$GS^30\r');
    expect(seen).toEqual([]);
    await written;
    expect(seen).toEqual(['$GS^30\r']);
    await a.close();
  });

  it('splits writes into chunkSize pieces', async () => {
    const [a, b] = createLoopbackPair({ chunkSize: 2 });
    const seen: string[] = [];
    b.data$.subscribe((chunk) => seen.push(chunk));
    await a.write('$GS^30\r');
    expect(seen).toEqual(['$G', 'S^', '30', '\r']);
    await b.close();
  });

  it('closing one end ends the other: data$ completes and writes reject', async () => {
    const [a, b] = createLoopbackPair();
    let completed = false;
    b.data$.subscribe({ complete: () => (completed = true) });
    await a.close();
    expect(completed).toBe(true);
    await expect(b.write('$OK^20\r')).rejects.toBeInstanceOf(TransportClosedError);
  });

  it('rejects a chunkSize below 1', () => {
    expect(() => createLoopbackPair({ chunkSize: 0 })).toThrow(TypeError);
  });

  it('the contract catches a transport that breaks it', async () => {
    // A transport whose write never rejects after close must fail the "write after close" check.
    const [t, other] = createLoopbackPair();
    const broken = { data$: t.data$, write: async () => {}, close: () => t.close() };
    const check = transportContract.find((c) => c.name.startsWith('write() after close()'));
    await expect(
      check?.run({
        open: async () => ({
          transport: broken,
          peer: peerFromTransport(other),
          dispose: () => t.close(),
        }),
      }),
    ).rejects.toThrow(/write after close/);
  });
});
