import { map, type Observable, of } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { encodeCommand, parseLine } from '../src/index.js';
import { type ExchangeRequest, exchangeQueue, type IncomingLine } from '../src/rapi/exchange.js';

interface Req extends ExchangeRequest {
  readonly id: string;
}

const req = (id: string, cmd: string, extra: Partial<Req> = {}): Req => ({
  id,
  line: encodeCommand(cmd, [], extra.seq === undefined ? {} : { seq: extra.seq }),
  expectReply: true,
  timeoutMs: 5,
  ...extra,
});

const rx = (line: string): IncomingLine => ({
  line,
  result: parseLine(line, { origin: 'device' }),
});

/** Device lines used in the marbles, by letter. */
const LINES = {
  o: rx('$OK^20'),
  n: rx('$NK^21'),
  g: rx('$OK 01 0 01 0200^12'),
  t: rx('$AT 02 02 24 0700^30'),
  b: rx('$OK 01 0 01 0200^13'), // bad checksum
  s: rx('$OK 01 0 01 0200 :A5^7C'), // seq A5
  w: rx('$OK 01 0 01 0200 :07^' + 'XX'), // garbage checksum: never a frame
  z: rx('$NK :01^3A'),
};

function summary(o: { request: Req; reply?: unknown; error?: { code: string } }): string {
  return 'error' in o && o.error ? `${o.request.id}:${o.error.code}` : `${o.request.id}:ok`;
}

function run(
  body: (h: {
    cold: TestScheduler['createColdObservable'];
    hot: TestScheduler['createHotObservable'];
    expectObservable: (o: Observable<unknown>) => {
      toBe: (m: string, v?: Record<string, unknown>) => void;
    };
    writes: string[];
    queue: (requests$: Observable<Req>, incoming$: Observable<IncomingLine>) => Observable<string>;
  }) => void,
): string[] {
  const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
  const written: string[] = [];
  ts.run(({ cold, hot, expectObservable }) => {
    const writes: string[] = [];
    const queue = (requests$: Observable<Req>, incoming$: Observable<IncomingLine>) =>
      requests$.pipe(
        exchangeQueue<Req>(
          incoming$,
          (line) => {
            writes.push(`${ts.now()} ${line.slice(0, -1)}`);
            return of(undefined);
          },
          ts,
        ),
        map((o) => summary(o as never)),
      );
    body({ cold, hot, expectObservable, writes, queue });
    ts.flush();
    written.push(...writes);
  });
  return written;
}

describe('exchangeQueue (marbles)', () => {
  it('keeps one command in flight: the second is written when the first is answered', () => {
    const writes = run(({ cold, hot, expectObservable, queue }) => {
      const requests = cold('(ab)', { a: req('a', 'FE'), b: req('b', 'GS') });
      const incoming = hot(' --o--g', LINES);
      const expected = '     --x--y';
      expectObservable(queue(requests, incoming)).toBe(expected, { x: 'a:ok', y: 'b:ok' });
    });
    expect(writes).toEqual(['0 $FE^27', '2 $GS^30']);
  });

  it('ignores async frames that arrive between request and reply', () => {
    run(({ cold, hot, expectObservable, queue }) => {
      const requests = cold('a', { a: req('a', 'GS') });
      const incoming = hot(' -t-t-g', LINES);
      const expected = '     -----x';
      expectObservable(queue(requests, incoming)).toBe(expected, { x: 'a:ok' });
    });
  });

  it('times out a dropped reply after timeoutMs, then serves the next request', () => {
    run(({ cold, hot, expectObservable, queue }) => {
      const requests = cold('(ab)', { a: req('a', 'GS'), b: req('b', 'GS') });
      const incoming = hot(' -------g', LINES);
      const expected = '     -----x-y';
      expectObservable(queue(requests, incoming)).toBe(expected, { x: 'a:TIMEOUT', y: 'b:ok' });
    });
  });

  it('turns $NK into an NK outcome and a corrupt reply into CHECKSUM at once', () => {
    run(({ cold, hot, expectObservable, queue }) => {
      const requests = cold('(ab)', { a: req('a', 'GS'), b: req('b', 'GS') });
      const incoming = hot(' -n-b', LINES);
      const expected = '     -x-y';
      expectObservable(queue(requests, incoming)).toBe(expected, { x: 'a:NK', y: 'b:CHECKSUM' });
    });
  });

  it('with sequence ids: ignores replies with another id or a corrupt one, matches its own', () => {
    run(({ cold, hot, expectObservable, queue }) => {
      const requests = cold('a', { a: req('a', 'GS', { seq: 0xa5, timeoutMs: 10 }) });
      const incoming = hot(' -g-b-z-s', LINES);
      const expected = '     -------x';
      expectObservable(queue(requests, incoming)).toBe(expected, { x: 'a:ok' });
    });
  });

  it('without sequence ids, a late reply to a timed-out request answers the next one (why seq ids exist)', () => {
    run(({ cold, hot, expectObservable, queue }) => {
      const requests = cold('a-----b', { a: req('a', 'GS'), b: req('b', 'FE') });
      const incoming = hot(' --------g', LINES);
      const expected = '     -----x--y';
      expectObservable(queue(requests, incoming)).toBe(expected, { x: 'a:TIMEOUT', y: 'b:ok' });
    });
  });

  it('resolves a no-reply command ($FR) as soon as it is written', () => {
    run(({ cold, hot, expectObservable, queue }) => {
      const requests = cold('ab', { a: req('a', 'FR', { expectReply: false }), b: req('b', 'GS') });
      const incoming = hot(' ----g', LINES);
      const expected = '     x---y';
      expectObservable(queue(requests, incoming)).toBe(expected, { x: 'a:ok', y: 'b:ok' });
    });
  });
});
