/**
 * Transport contract checks (core `transport.ts` doc comment), used until
 * `transportContract` from `@evse/core/testing` lands. Same shape: `{ name, run(ctx) }`.
 */
import type { Transport } from '@evse/core';
import { TransportClosedError } from '@evse/core';
import { filter, firstValueFrom, lastValueFrom, scan, take, timeout, toArray } from 'rxjs';
import { expect } from 'vitest';

export interface Pair {
  a: Transport;
  b: Transport;
  close(): Promise<void>;
}
export interface ContractContext {
  makePair(): Promise<Pair>;
}
export interface ContractCheck {
  name: string;
  run(ctx: ContractContext): Promise<void>;
}

/** Resolve with everything `t` receives once it adds up to `length` characters. */
function receive(t: Transport, length: number, ms = 3000): Promise<string> {
  return firstValueFrom(
    t.data$.pipe(
      scan((acc, chunk) => acc + chunk, ''),
      filter((acc) => acc.length >= length),
      timeout(ms),
    ),
  );
}

export const contractChecks: ContractCheck[] = [
  {
    name: 'text written on one side arrives on the other, in order, however chunked',
    async run({ makePair }) {
      const { a, b, close } = await makePair();
      try {
        const lines = Array.from({ length: 50 }, (_, i) => `$GS ${i}^30\r`);
        const text = lines.join('');
        const got = receive(b, text.length);
        for (const line of lines) await a.write(line);
        expect(await got).toBe(text);
        const back = '$OK 01 0 01 0200^3E\r$AT 01 01 32 0000^1C\r';
        const gotBack = receive(a, back.length);
        await b.write(back.slice(0, 7));
        await b.write(back.slice(7));
        expect(await gotBack).toBe(back);
      } finally {
        await close();
      }
    },
  },
  {
    name: 'bytes above 0x7f pass unchanged (latin1, no re-encoding)',
    async run({ makePair }) {
      const { a, b, close } = await makePair();
      try {
        const text = '\u00a0\u00ff\u0001$';
        const got = receive(b, text.length);
        await a.write(text);
        expect(await got).toBe(text);
      } finally {
        await close();
      }
    },
  },
  {
    name: 'close() is idempotent, completes data$ and makes write reject with TransportClosedError',
    async run({ makePair }) {
      const { a, close } = await makePair();
      try {
        const done = lastValueFrom(a.data$.pipe(toArray()));
        const first = a.close();
        const second = a.close();
        await Promise.all([first, second]);
        await expect(done).resolves.toEqual([]);
        await expect(a.write('$GS^30\r')).rejects.toBeInstanceOf(TransportClosedError);
        await expect(a.close()).resolves.toBeUndefined();
      } finally {
        await close();
      }
    },
  },
  {
    name: 'data$ is hot: two subscribers both see the same text',
    async run({ makePair }) {
      const { a, b, close } = await makePair();
      try {
        const one = firstValueFrom(a.data$.pipe(take(1)));
        const two = receive(a, 5);
        await b.write('$OK\r\r');
        expect((await one).length).toBeGreaterThan(0);
        expect(await two).toBe('$OK\r\r');
      } finally {
        await close();
      }
    },
  },
];
