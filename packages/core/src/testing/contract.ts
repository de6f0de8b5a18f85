/**
 * The transport contract (src/transport.ts) as a framework-free list of checks, run by every
 * transport's test file (the MQTT.js `abstract_client` idea, STYLE.md §2.2):
 *
 * ```ts
 * import { transportContract, type TransportContractContext } from '@evse/core/testing';
 * const ctx: TransportContractContext = { open: async () => { … } };
 * describe('my transport', () => {
 *   for (const check of transportContract) it(check.name, () => check.run(ctx));
 * });
 * ```
 *
 * Context shape (what a transport's test supplies):
 * - `ctx.open(): Promise<{ transport, peer, dispose }>` opens a FRESH pair per check:
 *   - `transport: Transport` — the transport under test, already open;
 *   - `peer.send(text): Promise<void>` — make text arrive on `transport.data$`;
 *   - `peer.received$: Observable<string>` — text the transport wrote, in chunks; hot, the
 *     checks subscribe before writing;
 *   - `peer.close(): Promise<void>` — the far end goes away (socket/PTY closed, device
 *     unplugged, emulator stopped); `transport.data$` must then complete (or error);
 *   - `dispose(): Promise<void>` — release everything; called after every check, even a
 *     failed one, and after the check already closed things (so it must be idempotent).
 * - `ctx.largePayloadBytes?: number` — size of the large-payload check (default 16384).
 * - `ctx.timeoutMs?: number` — how long a check waits for expected data (default 2000).
 * `peerFromTransport(t)` adapts a plain `Transport` (e.g. the other loopback end) to a peer.
 */
import {
  catchError,
  EMPTY,
  endWith,
  firstValueFrom,
  from,
  ignoreElements,
  last,
  type Observable,
  of,
  scan,
  takeWhile,
  throwError,
  timeout,
} from 'rxjs';
import { type Transport, TransportClosedError } from '../transport.js';

/** The far end of a transport under test. */
export interface TransportPeer {
  /** Send text that must arrive on the transport's `data$`. */
  send(text: string): Promise<void>;
  /** Text the transport wrote, arbitrarily chunked. Hot. */
  readonly received$: Observable<string>;
  /** Simulate the peer going away. */
  close(): Promise<void>;
}

/** One opened transport with its peer. */
export interface TransportUnderTest {
  readonly transport: Transport;
  readonly peer: TransportPeer;
  /** Release everything; must be idempotent. */
  dispose(): Promise<void>;
}

/** What a transport's test file supplies to the contract checks. */
export interface TransportContractContext {
  /** Open a fresh transport and its peer. */
  open(): Promise<TransportUnderTest>;
  /** Bytes sent each way by the large-payload check. @default 16384 */
  readonly largePayloadBytes?: number;
  /** How long a check waits for data or completion, in ms. @default 2000 */
  readonly timeoutMs?: number;
}

/** One named contract check. */
export interface TransportCheck {
  readonly name: string;
  run(ctx: TransportContractContext): Promise<void>;
}

/** Use a plain `Transport` (e.g. the other end of a loopback pair) as a peer. */
export function peerFromTransport(transport: Transport): TransportPeer {
  return {
    send: (text) => transport.write(text),
    received$: transport.data$,
    close: () => transport.close(),
  };
}

/** Resolve with the concatenated text once it reaches `length` characters; reject on timeout. */
function collect(source: Observable<string>, length: number, ms: number): Promise<string> {
  return firstValueFrom(
    source.pipe(
      scan((all, chunk) => all + chunk, ''),
      takeWhile((all) => all.length < length, true),
      timeout({
        each: ms,
        with: () => throwError(() => new Error(`expected ${length} chars within ${ms} ms`)),
      }),
      last(undefined, ''),
    ),
  );
}

/** Resolve when `source` completes or errors (both count as "ended"); reject after `ms`. */
function ended(source: Observable<unknown>, ms: number): Promise<unknown> {
  return firstValueFrom(
    source.pipe(
      ignoreElements(),
      catchError(() => EMPTY),
      endWith('ended'),
      timeout({
        first: ms,
        with: () => throwError(() => new Error(`data$ did not end within ${ms} ms`)),
      }),
    ),
  );
}

/** `promise`'s value, or `fallback` if it does not settle within `ms` (no timer left behind). */
function within<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  return firstValueFrom(from(promise).pipe(timeout({ first: ms, with: () => of(fallback) })));
}

function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function check(
  name: string,
  body: (t: TransportUnderTest, ms: number, ctx: TransportContractContext) => Promise<void>,
): TransportCheck {
  return {
    name,
    async run(ctx) {
      const opened = await ctx.open();
      try {
        await body(opened, ctx.timeoutMs ?? 2000, ctx);
      } finally {
        await opened.dispose();
      }
    },
  };
}

const LINE = '$OK 01 0 01 0200^12\r';

/** The transport contract as named checks (see the file header for the context shape). */
export const transportContract: readonly TransportCheck[] = [
  check('delivers text from the peer on data$', async ({ transport, peer }, ms) => {
    const got = collect(transport.data$, LINE.length, ms);
    await peer.send(LINE);
    assert((await got) === LINE, `data$ delivered ${JSON.stringify(await got)}`);
  }),
  check('write() hands text to the peer and resolves', async ({ transport, peer }, ms) => {
    const got = collect(peer.received$, 7, ms);
    await transport.write('$GS^30\r');
    assert((await got) === '$GS^30\r', `peer received ${JSON.stringify(await got)}`);
  }),
  check('reassembles text however it is chunked, both ways', async ({ transport, peer }, ms) => {
    const pieces = ['$', 'OK 01', ' 0 01 02', '00^1', '2\r$AT 01 01 24 0200^35\r', '\r\n'];
    const expected = pieces.join('');
    const fromPeer = collect(transport.data$, expected.length, ms);
    for (const p of pieces) await peer.send(p);
    assert((await fromPeer) === expected, `data$ delivered ${JSON.stringify(await fromPeer)}`);
    const toPeer = collect(peer.received$, expected.length, ms);
    for (const p of pieces) await transport.write(p);
    assert((await toPeer) === expected, `peer received ${JSON.stringify(await toPeer)}`);
  }),
  check('keeps write order for writes not awaited one by one', async ({ transport, peer }, ms) => {
    const lines = Array.from({ length: 100 }, (_, i) => `$SC ${i}\r`);
    const expected = lines.join('');
    const got = collect(peer.received$, expected.length, ms);
    await Promise.all(lines.map((l) => transport.write(l)));
    assert((await got) === expected, 'writes arrived out of order or incomplete');
  }),
  check('write() after close() rejects with TransportClosedError', async ({ transport }) => {
    await transport.close();
    const error = await transport.write('$GS^30\r').then(
      () => null,
      (e: unknown) => e,
    );
    assert(error instanceof TransportClosedError, `write after close gave ${String(error)}`);
  }),
  check('close() is idempotent, also when called concurrently', async ({ transport }) => {
    await Promise.all([transport.close(), transport.close()]);
    await transport.close();
  }),
  check('data$ completes on close()', async ({ transport }, ms) => {
    const done = ended(transport.data$, ms);
    await transport.close();
    await done;
  }),
  check(
    'a write pending at close() settles (resolves or TransportClosedError)',
    async ({ transport }, ms) => {
      const pending = transport.write('$GS^30\r').then(
        () => null,
        (e: unknown) => e,
      );
      await transport.close();
      const outcome = await within(pending, ms, 'still pending');
      assert(
        outcome === null || outcome instanceof TransportClosedError,
        `pending write gave ${String(outcome)}`,
      );
    },
  ),
  check('data$ ends when the peer goes away', async ({ transport, peer }, ms) => {
    const done = ended(transport.data$, ms);
    await peer.close();
    await done;
  }),
  check('carries a large payload intact both ways', async ({ transport, peer }, ms, ctx) => {
    const size = ctx.largePayloadBytes ?? 16384;
    let payload = '';
    for (let i = 0; payload.length < size; i++) payload += `$AT 0${i % 4} 01 24 0200^35 #${i}\r`;
    payload = payload.slice(0, size);
    const fromPeer = collect(transport.data$, size, ms * 2);
    await peer.send(payload);
    assert((await fromPeer) === payload, 'data$ payload differs');
    const toPeer = collect(peer.received$, size, ms * 2);
    await transport.write(payload);
    assert((await toPeer) === payload, 'peer payload differs');
  }),
];
