// Delays the central system sets may exceed a Node timer (2^31−1 ms); they must still be
// waited out in full (STEVE.md §5.2), and cancelling must stop them (src/charge-point/long-timer.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_MS, setLongInterval, setLongTimeout } from '../src/index.js';

const DAY = 86_400_000;
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('setLongTimeout', () => {
  it('waits a delay of 60 days (longer than one Node timer) in full', async () => {
    let fired = 0;
    setLongTimeout(() => fired++, 60 * DAY);
    await vi.advanceTimersByTimeAsync(60 * DAY - 1);
    expect(fired).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(fired).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits exactly MAX_TIMER_MS and int32 seconds (2^31−1 s) without firing early', async () => {
    let a = 0;
    let b = 0;
    setLongTimeout(() => a++, MAX_TIMER_MS);
    const cancel = setLongTimeout(() => b++, MAX_TIMER_MS * 1000);
    await vi.advanceTimersByTimeAsync(MAX_TIMER_MS);
    expect([a, b]).toEqual([1, 0]);
    cancel();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('treats a negative delay as 0 and cancels idempotently after firing', async () => {
    let fired = 0;
    const cancel = setLongTimeout(() => fired++, -5);
    await vi.advanceTimersByTimeAsync(0);
    expect(fired).toBe(1);
    cancel();
    cancel();
  });

  it('cancel during a chained step stops it', async () => {
    let fired = 0;
    const cancel = setLongTimeout(() => fired++, 3 * MAX_TIMER_MS);
    await vi.advanceTimersByTimeAsync(MAX_TIMER_MS + 10);
    cancel();
    await vi.advanceTimersByTimeAsync(3 * MAX_TIMER_MS);
    expect(fired).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('setLongInterval', () => {
  it('fires every 999999999 s, not every millisecond', async () => {
    let fired = 0;
    const cancel = setLongInterval(() => fired++, 999_999_999 * 1000);
    await vi.advanceTimersByTimeAsync(100 * DAY);
    expect(fired).toBe(0);
    await vi.advanceTimersByTimeAsync(999_999_999 * 1000 * 2 - 100 * DAY);
    expect(fired).toBe(2);
    cancel();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fires a short period repeatedly, and can be cancelled from its own callback', async () => {
    let fired = 0;
    const cancel = setLongInterval(() => {
      fired++;
      if (fired === 3) cancel();
    }, 10);
    await vi.advanceTimersByTimeAsync(100);
    expect(fired).toBe(3);
    expect(vi.getTimerCount()).toBe(0);
  });
});
