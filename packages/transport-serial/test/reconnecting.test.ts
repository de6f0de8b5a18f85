import { TransportClosedError } from '@evse/core';
import { Subject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionEvent } from '../src/index.js';
import { SerialTransportError } from '../src/index.js';
import type { Link } from '../src/link.js';
import { openReconnecting } from '../src/reconnecting.js';

/**
 * The reconnect state machine on scripted links and a virtual clock: real links are exercised
 * by the PTY and TCP tests; here every timing and failure path is deterministic.
 */
interface ScriptedLink extends Link {
  readonly incoming: Subject<string>;
  readonly written: string[];
  closed: boolean;
}
function scriptedLink(): ScriptedLink {
  const incoming = new Subject<string>();
  const link: ScriptedLink = {
    incoming,
    written: [],
    closed: false,
    data$: incoming.asObservable(),
    async write(text) {
      link.written.push(text);
    },
    async close() {
      link.closed = true;
    },
  };
  return link;
}

const notFound = () =>
  new SerialTransportError('NOT_FOUND', '/dev/ttyX', '/dev/ttyX does not exist');

describe('openReconnecting', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('rejects with the first open error and creates nothing (no half-open object)', async () => {
    const connect = vi.fn(() => Promise.reject(notFound()));
    await expect(openReconnecting('/dev/ttyX', connect, true)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(connect).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('loss → lost, reconnecting with growing delays, open again; reconnected$ reports downtime', async () => {
    const links = [scriptedLink(), scriptedLink()];
    let opens = 0;
    const outcomes: Array<() => Promise<Link>> = [
      async () => links[0] as Link,
      () => Promise.reject(notFound()),
      () => Promise.reject(notFound()),
      async () => links[1] as Link,
    ];
    const connect = () => (outcomes[opens++] as () => Promise<Link>)();
    const t = await openReconnecting('/dev/ttyX', connect, {
      initialDelayMs: 100,
      maxDelayMs: 300,
      factor: 2,
    });
    const events: ConnectionEvent[] = [];
    t.connection$.subscribe((e) => events.push(e));
    const reconnected: number[] = [];
    t.reconnected$.subscribe((e) => reconnected.push(e.downtimeMs));

    links[0]?.incoming.error(new Error('bad file descriptor'));
    expect(t.connection.state).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(100); // attempt 1 fails
    await vi.advanceTimersByTimeAsync(200); // attempt 2 fails
    await vi.advanceTimersByTimeAsync(300); // attempt 3 (capped at 300) succeeds
    expect(events.map((e) => [e.state, 'attempt' in e ? e.attempt : null])).toEqual([
      ['open', 0],
      ['lost', null],
      ['reconnecting', 1],
      ['reconnecting', 2],
      ['reconnecting', 3],
      ['open', 3],
    ]);
    expect(events.map((e) => (e.state === 'reconnecting' ? e.delayMs : null))).toEqual([
      null,
      null,
      100,
      200,
      300,
      null,
    ]);
    expect(events[3]).toMatchObject({ lastError: { code: 'NOT_FOUND' } });
    expect(reconnected).toEqual([600]);
    expect(links[0]?.closed).toBe(true);

    // Same object, new link underneath.
    await t.write('$GS^30\r');
    expect(links[1]?.written).toEqual(['$GS^30\r']);
    const seen: string[] = [];
    t.data$.subscribe((c) => seen.push(c));
    links[1]?.incoming.next('$OK^20\r');
    expect(seen).toEqual(['$OK^20\r']);
    await t.close();
  });

  it('writes while lost reject with LOST and are not buffered', async () => {
    const links = [scriptedLink(), scriptedLink()];
    let i = 0;
    const t = await openReconnecting('/dev/ttyX', async () => links[i++] as Link, {
      initialDelayMs: 100,
    });
    links[0]?.incoming.complete();
    const err = await t.write('$FE^27\r').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SerialTransportError);
    expect(err).toMatchObject({ code: 'LOST' });
    expect((err as Error).message).toMatch(/disconnected, reconnecting \(attempt 1\).*\$FE/);
    await vi.advanceTimersByTimeAsync(100);
    expect(t.connection.state).toBe('open');
    expect(links[1]?.written).toEqual([]);
    await t.close();
  });

  it('a write in flight when the link drops rejects with LOST', async () => {
    const link = scriptedLink();
    link.write = () => new Promise(() => {}); // the OS never confirms: the cable is gone
    const t = await openReconnecting('/dev/ttyX', async () => link, false);
    const pending = t.write('$GS^30\r');
    link.incoming.error(new Error('EIO'));
    await expect(pending).rejects.toMatchObject({ code: 'LOST' });
  });

  it('a line cut by the loss is ended with "\\r" so it cannot glue onto the next link\'s first line', async () => {
    const links = [scriptedLink(), scriptedLink()];
    let i = 0;
    const t = await openReconnecting('/dev/ttyX', async () => links[i++] as Link, true);
    const seen: string[] = [];
    t.data$.subscribe((c) => seen.push(c));
    links[0]?.incoming.next('$AT 02 02 32 0100^31\r$OK 01 0');
    links[0]?.incoming.error(new Error('hangup'));
    await vi.advanceTimersByTimeAsync(100);
    links[1]?.incoming.next('$OK 03 0 03 0100^11\r');
    expect(seen.join('').split('\r')).toEqual([
      '$AT 02 02 32 0100^31',
      '$OK 01 0',
      '$OK 03 0 03 0100^11',
      '',
    ]);
    await t.close();
  });

  it('no terminator is added when the loss falls between lines', async () => {
    const link = scriptedLink();
    const t = await openReconnecting('/dev/ttyX', async () => link, false);
    const seen: string[] = [];
    t.data$.subscribe((c) => seen.push(c));
    link.incoming.next('$OK^20\r');
    link.incoming.complete();
    expect(seen).toEqual(['$OK^20\r']);
  });

  it('gives up after maxAttempts: closed with the last error, data$ completes', async () => {
    const link = scriptedLink();
    let first = true;
    const connect = async () => {
      if (first) {
        first = false;
        return link;
      }
      throw notFound();
    };
    const t = await openReconnecting('/dev/ttyX', connect, {
      initialDelayMs: 10,
      maxDelayMs: 10,
      maxAttempts: 3,
    });
    let completed = false;
    t.data$.subscribe({ complete: () => (completed = true) });
    link.incoming.complete();
    await vi.advanceTimersByTimeAsync(100);
    expect(t.connection).toMatchObject({ state: 'closed', error: { code: 'NOT_FOUND' } });
    expect(completed).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    await expect(t.write('x')).rejects.toBeInstanceOf(TransportClosedError);
  });

  it('close() during backoff cancels the timer and a late successful open is closed again', async () => {
    const links = [scriptedLink(), scriptedLink()];
    let i = 0;
    let release: (() => void) | null = null;
    const connect = () =>
      i === 0
        ? Promise.resolve(links[i++] as Link)
        : new Promise<Link>((resolve) => {
            release = () => resolve(links[i++] as Link);
          });
    const t = await openReconnecting('/dev/ttyX', connect, { initialDelayMs: 50 });
    links[0]?.incoming.complete();
    await vi.advanceTimersByTimeAsync(50); // attempt 1 starts and hangs
    await t.close();
    expect(t.connection).toMatchObject({ state: 'closed', error: null });
    (release as (() => void) | null)?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(links[1]?.closed).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reconnect options are validated', async () => {
    const connect = async () => scriptedLink();
    await expect(openReconnecting('x', connect, { factor: 0.5 })).rejects.toThrow(/factor/);
    await expect(openReconnecting('x', connect, { initialDelayMs: -1 })).rejects.toThrow(
      /initialDelayMs/,
    );
    await expect(openReconnecting('x', connect, { maxAttempts: 0 })).rejects.toThrow(/maxAttempts/);
  });
});
