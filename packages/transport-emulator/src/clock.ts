/**
 * Clocks the emulator ticks on. The virtual clock keeps its timers in a list sorted by due
 * time, so `advance(30 * 60_000)` runs half an hour of control loop in milliseconds.
 */
import type { EmulatorClock, VirtualClock } from './types.js';

interface VirtualTimer {
  due: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** A clock that only moves on `advance(ms)`. Starts at `startMs`. @default startMs 0 */
export function createVirtualClock(startMs = 0): VirtualClock {
  let now = startMs;
  let seq = 0;
  const timers: VirtualTimer[] = [];
  const insert = (t: VirtualTimer): void => {
    // Binary search keeps insertion O(log n); equal due times run in creation order.
    let lo = 0;
    let hi = timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = timers[mid] as VirtualTimer;
      if (m.due < t.due || (m.due === t.due && m.seq < t.seq)) lo = mid + 1;
      else hi = mid;
    }
    timers.splice(lo, 0, t);
  };
  return {
    kind: 'virtual',
    now: () => now,
    setTimeout(fn, ms) {
      const t: VirtualTimer = { due: now + Math.max(0, ms), seq: seq++, fn, cancelled: false };
      insert(t);
      return t;
    },
    clearTimeout(handle) {
      const t = handle as VirtualTimer | undefined;
      if (!t) return;
      t.cancelled = true;
      const i = timers.indexOf(t);
      if (i >= 0) timers.splice(i, 1);
    },
    advance(ms) {
      if (!(ms >= 0)) throw new TypeError(`advance(ms): ms must be >= 0, got ${ms}`);
      const end = now + ms;
      for (;;) {
        const t = timers[0];
        if (!t || t.due > end) break;
        timers.shift();
        now = Math.max(now, t.due);
        if (!t.cancelled) t.fn();
      }
      now = end;
    },
    pending: () => timers.length,
  };
}

/** Wall-clock time with Node timers. */
export function createRealClock(): EmulatorClock {
  const origin = performance.now();
  return {
    now: () => performance.now() - origin,
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
}

/** True when `clock` is a virtual clock. */
export function isVirtualClock(clock: EmulatorClock): clock is VirtualClock {
  return (clock as Partial<VirtualClock>).kind === 'virtual';
}
