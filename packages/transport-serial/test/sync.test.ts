import { Subject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepInSync, type ReconnectedEvent, type SyncEvent } from '../src/index.js';

describe('keepInSync', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const reconnect = (attempt: number): ReconnectedEvent => ({
    attempt,
    downtimeMs: 0,
    at: new Date(),
  });

  it('resyncs once per reconnect and reports it', async () => {
    const reconnected$ = new Subject<ReconnectedEvent>();
    const resync = vi.fn(async () => 0x03);
    const events: SyncEvent[] = [];
    const sub = keepInSync({ resync }, { reconnected$ }).subscribe((e) => events.push(e));
    expect(resync).not.toHaveBeenCalled();
    reconnected$.next(reconnect(2));
    await vi.advanceTimersByTimeAsync(0);
    expect(resync).toHaveBeenCalledTimes(1);
    expect(events).toMatchObject([{ type: 'resynced', attempt: 2 }]);
    sub.unsubscribe();
  });

  it('retries a failing resync (device still booting), then succeeds', async () => {
    const reconnected$ = new Subject<ReconnectedEvent>();
    let calls = 0;
    const resync = vi.fn(async () => {
      if (++calls < 3) throw new Error('TIMEOUT');
    });
    const events: SyncEvent[] = [];
    keepInSync({ resync }, { reconnected$ }, { retryDelayMs: 300 }).subscribe((e) =>
      events.push(e),
    );
    reconnected$.next(reconnect(1));
    await vi.advanceTimersByTimeAsync(299);
    expect(resync).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(301);
    expect(resync).toHaveBeenCalledTimes(3);
    expect(events).toMatchObject([{ type: 'resynced', attempt: 1 }]);
  });

  it('gives up after the retries with a resync-failed event carrying the error', async () => {
    const reconnected$ = new Subject<ReconnectedEvent>();
    const failure = new Error('no reply');
    const resync = vi.fn((): Promise<void> => Promise.reject(failure));
    const events: SyncEvent[] = [];
    keepInSync({ resync }, { reconnected$ }, { retries: 2, retryDelayMs: 10 }).subscribe((e) =>
      events.push(e),
    );
    reconnected$.next(reconnect(1));
    await vi.advanceTimersByTimeAsync(100);
    expect(resync).toHaveBeenCalledTimes(3);
    expect(events).toEqual([
      { type: 'resync-failed', attempt: 1, error: failure, at: expect.any(Date) },
    ]);
    // Still listening: the next reconnect tries again.
    resync.mockImplementation(() => Promise.resolve());
    reconnected$.next(reconnect(1));
    await vi.advanceTimersByTimeAsync(0);
    expect(events.at(-1)).toMatchObject({ type: 'resynced' });
  });
});
