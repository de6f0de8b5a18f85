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

/** `a` falls due before `b` (equal due times run in creation order). */
const before = (a: VirtualTimer, b: VirtualTimer): boolean =>
  a.due < b.due || (a.due === b.due && a.seq < b.seq);

/** A clock that only moves on `advance(ms)`. Starts at `startMs`. @default startMs 0 */
export function createVirtualClock(startMs = 0): VirtualClock {
  let now = startMs;
  let seq = 0;
  let live = 0;
  // Binary min-heap: O(log n) per timer, so one clock can drive 10,000 emulators.
  const heap: VirtualTimer[] = [];
  const push = (t: VirtualTimer): void => {
    heap.push(t);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = heap[p] as VirtualTimer;
      if (!before(t, parent)) break;
      heap[i] = parent;
      i = p;
    }
    heap[i] = t;
  };
  const pop = (): VirtualTimer | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) break;
      const r = l + 1;
      const c = r < heap.length && before(heap[r] as VirtualTimer, heap[l] as VirtualTimer) ? r : l;
      const child = heap[c] as VirtualTimer;
      if (!before(child, last)) break;
      heap[i] = child;
      i = c;
    }
    heap[i] = last;
    return top;
  };
  return {
    kind: 'virtual',
    now: () => now,
    setTimeout(fn, ms) {
      const t: VirtualTimer = { due: now + Math.max(0, ms), seq: seq++, fn, cancelled: false };
      push(t);
      live++;
      return t;
    },
    clearTimeout(handle) {
      const t = handle as VirtualTimer | undefined;
      if (!t || t.cancelled) return;
      // Lazy deletion: the heap drops cancelled timers when they reach the top.
      t.cancelled = true;
      live--;
    },
    advance(ms) {
      if (!(ms >= 0)) throw new TypeError(`advance(ms): ms must be >= 0, got ${ms}`);
      const end = now + ms;
      for (;;) {
        const t = heap[0];
        if (!t || t.due > end) break;
        pop();
        if (t.cancelled) continue;
        t.cancelled = true;
        live--;
        now = Math.max(now, t.due);
        t.fn();
      }
      now = end;
    },
    pending: () => live,
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
