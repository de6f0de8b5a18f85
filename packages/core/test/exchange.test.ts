import { map, Observable, type OperatorFunction, type SchedulerLike } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import {
  encodeCommand,
  parseLine,
  type RapiReplyFrame,
  TransportClosedError,
} from '../src/index.js';
import type { RapiError } from '../src/rapi/errors.js';
import { ExchangeQueue, type ExchangeRequest } from '../src/rapi/exchange.js';
import type { ParseResult } from '../src/rapi/frame.js';

interface Req extends ExchangeRequest {
  readonly id: string;
}

const req = (id: string, cmd: string, extra: Partial<Req> = {}): Req => ({
  id,
  line: encodeCommand(cmd, [], extra.seq === undefined ? {} : { seq: extra.seq }),
  seq: undefined,
  expectReply: true,
  timeoutMs: 5,
  ...extra,
});

interface IncomingLine {
  readonly line: string;
  readonly result: ParseResult;
}

const rx = (line: string): IncomingLine => ({
  line,
  result: parseLine(line, { origin: 'device' }),
});

/**
 * What a write returns to the queue, settling synchronously (or never): virtual time cannot
 * wait for Promises, so the marble tests hand the queue thenables instead.
 */
function writeResult(outcome: 'accepted' | 'stuck' | { refused: unknown }): PromiseLike<unknown> {
  const result: PromiseLike<unknown> = {
    // biome-ignore lint/suspicious/noThenProperty: a synchronous thenable is the point here
    then: (onfulfilled, onrejected) => {
      if (outcome === 'accepted') onfulfilled?.(undefined);
      else if (outcome !== 'stuck') onrejected?.(outcome.refused);
      return result as never;
    },
  };
  return result;
}

/** The transport took the line at once. */
const accepted = writeResult('accepted');
/** The line is still on its way. */
const stuck = writeResult('stuck');

type Outcome = { request: Req; reply: RapiReplyFrame | null } | { request: Req; error: RapiError };

/** The queue as an operator over requests and incoming lines, to drive it with marbles. */
function exchangeQueue(
  incoming$: Observable<IncomingLine>,
  write: (line: string) => PromiseLike<unknown>,
  scheduler: SchedulerLike,
): OperatorFunction<Req, Outcome> {
  return (requests$) =>
    new Observable<Outcome>((subscriber) => {
      class Queue extends ExchangeQueue<Req> {
        protected override writeRequest(line: string): PromiseLike<unknown> {
          return write(line);
        }
        protected override resolveRequest(request: Req, reply: RapiReplyFrame | null): void {
          subscriber.next({ request, reply });
        }
        protected override rejectRequest(request: Req, error: RapiError): void {
          subscriber.next({ request, error });
        }
        add(request: Req): void {
          this.enqueueRequest(request);
        }
        hear({ line, result }: IncomingLine): void {
          this.receiveLine(line, result);
        }
        stop(): void {
          this.stopQueue();
        }
      }
      const queue = new Queue(scheduler);
      const lines = incoming$.subscribe((item) => queue.hear(item));
      const requests = requests$.subscribe((request) => queue.add(request));
      return () => {
        requests.unsubscribe();
        lines.unsubscribe();
        queue.stop();
      };
    });
}

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
  write: (line: string) => PromiseLike<unknown> = () => accepted,
): string[] {
  const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
  const written: string[] = [];
  ts.run(({ cold, hot, expectObservable }) => {
    const writes: string[] = [];
    const queue = (requests$: Observable<Req>, incoming$: Observable<IncomingLine>) =>
      requests$.pipe(
        exchangeQueue(
          incoming$,
          (line) => {
            writes.push(`${ts.now()} ${line.slice(0, -1)}`);
            return write(line);
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

  it('hears a reply that arrives before the write is handed over', () => {
    run(
      ({ cold, hot, expectObservable, queue }) => {
        const requests = cold('a', { a: req('a', 'GS') });
        const incoming = hot(' --g', LINES);
        const expected = '     --x';
        expectObservable(queue(requests, incoming)).toBe(expected, { x: 'a:ok' });
      },
      () => stuck,
    );
  });

  it('times out a no-reply command whose write never completes ("could not send")', () => {
    run(
      ({ cold, hot, expectObservable, queue }) => {
        const requests = cold('a', { a: req('a', 'FR', { expectReply: false }) });
        const expected = '     -----x';
        expectObservable(queue(requests, hot('-'))).toBe(expected, { x: 'a:TIMEOUT' });
      },
      () => stuck,
    );
  });

  it('maps a refused write to CLOSED (transport closed) or TRANSPORT (anything else), then goes on', () => {
    const failures = [new TransportClosedError(), new Error('EIO')];
    run(
      ({ cold, hot, expectObservable, queue }) => {
        const requests = cold('(abc)', { a: req('a', 'GS'), b: req('b', 'FR'), c: req('c', 'GS') });
        const incoming = hot(' -----g', LINES);
        const expected = '     (xy)-z';
        expectObservable(queue(requests, incoming)).toBe(expected, {
          x: 'a:CLOSED',
          y: 'b:TRANSPORT',
          z: 'c:ok',
        });
      },
      () => {
        const failure = failures.shift();
        return failure === undefined ? accepted : writeResult({ refused: failure });
      },
    );
  });

  it('gives each request its own full timeout, longer or shorter than the one before', () => {
    run(({ cold, hot, expectObservable, queue }) => {
      const requests = cold('(abc)', {
        a: req('a', 'GS', { timeoutMs: 5 }),
        b: req('b', 'GE', { timeoutMs: 10 }),
        c: req('c', 'GV', { timeoutMs: 3 }),
      });
      // a is answered at 2; b, written then, times out at 12 (not at a's 5, when the timer
      // armed for a fires); c, written at 12, times out at 15.
      const incoming = hot(' --o', LINES);
      const expected = '     --x---------y--z';
      expectObservable(queue(requests, incoming)).toBe(expected, {
        x: 'a:ok',
        y: 'b:TIMEOUT',
        z: 'c:TIMEOUT',
      });
    });
  });

  it("bounds a timeout by the request's own time when the wall clock is set back (NTP at boot)", () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    let offset = 0;
    // The clock the queue reads: virtual time, set back a year once `a` is answered.
    const clock: SchedulerLike = {
      now: () => ts.now() - offset,
      schedule: (work, delay, state) => ts.schedule(work as never, delay, state),
    };
    ts.run(({ cold, hot, expectObservable }) => {
      const requests = cold('(ab)', {
        a: req('a', 'GS', { timeoutMs: 5 }),
        b: req('b', 'GE', { timeoutMs: 10 }),
      });
      const incoming = hot('--o', LINES);
      ts.schedule(() => {
        offset = 365 * 24 * 3_600_000;
      }, 3);
      // b, written at 2 (deadline 12), is waiting when the clock is set back at 3; by its old
      // deadline it would wait a year, by the timer re-armed at 5 it times out at 15.
      const outcomes = requests.pipe(
        exchangeQueue(incoming, () => accepted, clock),
        map((o) => summary(o as never)),
      );
      expectObservable(outcomes).toBe('--x------------y', { x: 'a:ok', y: 'b:TIMEOUT' });
    });
  });

  it('times out a shorter request that follows a longer one on time', () => {
    run(({ cold, hot, expectObservable, queue }) => {
      const requests = cold('(ab)', {
        a: req('a', 'GS', { timeoutMs: 10 }),
        b: req('b', 'GE', { timeoutMs: 3 }),
      });
      const incoming = hot(' --o', LINES);
      const expected = '     --x--y';
      expectObservable(queue(requests, incoming)).toBe(expected, { x: 'a:ok', y: 'b:TIMEOUT' });
    });
  });
});
