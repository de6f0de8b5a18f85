/**
 * An in-memory pair of connected transports (the idea of ws `test/duplex-pair.js`).
 */
import { type Observable, Subject } from 'rxjs';
import { type Transport, TransportClosedError } from '../transport.js';

/** Options for `createLoopbackPair`. */
export interface LoopbackOptions {
  /** Split every write into chunks of at most this many characters, to exercise reassembly. @default Infinity */
  readonly chunkSize?: number;
}

interface End {
  readonly incoming: Subject<string>;
  closed: boolean;
}

/**
 * Two transports wired to each other: what one writes, the other's `data$` emits, always
 * asynchronously (on a later microtask) and in write order. Closing either end ends both, as
 * a socket pair does: the other end's `data$` completes and its writes reject.
 * @example const [host, device] = createLoopbackPair();
 */
export function createLoopbackPair(options: LoopbackOptions = {}): [Transport, Transport] {
  const chunkSize = options.chunkSize ?? Number.POSITIVE_INFINITY;
  if (!(chunkSize >= 1)) throw new TypeError(`options.chunkSize must be >= 1, got ${chunkSize}`);
  const a: End = { incoming: new Subject<string>(), closed: false };
  const b: End = { incoming: new Subject<string>(), closed: false };
  const closeBoth = (): void => {
    for (const end of [a, b]) {
      if (end.closed) continue;
      end.closed = true;
      end.incoming.complete();
    }
  };
  return [makeEnd(a, b, chunkSize, closeBoth), makeEnd(b, a, chunkSize, closeBoth)];
}

function makeEnd(self: End, peer: End, chunkSize: number, closeBoth: () => void): Transport {
  // Writes are delivered through one promise chain, so they arrive in call order.
  let tail: Promise<void> = Promise.resolve();
  const data$: Observable<string> = self.incoming.asObservable();
  return {
    data$,
    write(text: string): Promise<void> {
      if (typeof text !== 'string') return Promise.reject(new TypeError('text must be a string'));
      if (self.closed) return Promise.reject(new TransportClosedError());
      const delivery = tail.then(() => {
        if (peer.closed) throw new TransportClosedError('peer closed before delivery');
        for (let i = 0; i < text.length; i += chunkSize) {
          peer.incoming.next(text.slice(i, i + chunkSize));
        }
      });
      tail = delivery.catch(() => undefined);
      return delivery;
    },
    close(): Promise<void> {
      closeBoth();
      return Promise.resolve();
    },
  };
}
