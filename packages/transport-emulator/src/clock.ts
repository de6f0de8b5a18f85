/**
 * Clocks the emulator ticks on. The virtual clock keeps its timers in buckets by due time, so
 * `advance(30 * 60_000)` runs half an hour of control loop in milliseconds.
 */
import type { EmulatorClock, VirtualClock } from './types.js';

interface VirtualTimer {
  fn: () => void;
  cancelled: boolean;
}

/**
 * A calendar queue: one FIFO bucket per distinct due time and a binary min-heap of those due
 * times. A fleet's 10,000 control loops fall due at a few dozen distinct times (every emulator
 * created or poked in the same tick shares one), so taking the next timer is usually O(1) and
 * walks an array instead of sifting a 10,000-entry heap of scattered objects. Timers with
 * equal due times run in creation order, as before.
 */
class Calendar {
  at: number;
  live = 0;
  private readonly buckets = new Map<number, VirtualTimer[]>();
  /** Distinct due times of `buckets`, as a binary min-heap. */
  private readonly dues: number[] = [];

  constructor(startMs: number) {
    this.at = startMs;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const due = this.at + Math.max(0, ms);
    const t: VirtualTimer = { fn, cancelled: false };
    const bucket = this.buckets.get(due);
    if (bucket) bucket.push(t);
    else {
      this.buckets.set(due, [t]);
      this.pushDue(due);
    }
    this.live++;
    return t;
  }

  clearTimeout(handle: unknown): void {
    const t = handle as VirtualTimer | undefined;
    if (!t || t.cancelled) return;
    // Lazy deletion: the bucket skips cancelled timers when it runs.
    t.cancelled = true;
    this.live--;
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new TypeError(`advance(ms): ms must be >= 0, got ${ms}`);
    const end = this.at + ms;
    const dues = this.dues;
    while (dues.length > 0 && (dues[0] as number) <= end) {
      const due = this.popDue();
      const bucket = this.buckets.get(due) as VirtualTimer[];
      // Timers set for this same time while the bucket runs go into a new bucket, after it.
      this.buckets.delete(due);
      if (due > this.at) this.at = due;
      let i = 0;
      try {
        for (; i < bucket.length; i++) {
          const t = bucket[i] as VirtualTimer;
          if (t.cancelled) continue;
          t.cancelled = true;
          this.live--;
          t.fn();
        }
      } finally {
        // A timer threw: the rest of its bucket stays pending, ahead of newer ones.
        if (i < bucket.length - 1) this.requeue(due, bucket.slice(i + 1));
      }
    }
    this.at = end;
  }

  private requeue(due: number, rest: VirtualTimer[]): void {
    const newer = this.buckets.get(due);
    if (newer) newer.unshift(...rest);
    else {
      this.buckets.set(due, rest);
      this.pushDue(due);
    }
  }

  private pushDue(due: number): void {
    const heap = this.dues;
    let i = heap.length;
    heap.push(due);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = heap[p] as number;
      if (parent <= due) break;
      heap[i] = parent;
      i = p;
    }
    heap[i] = due;
  }

  private popDue(): number {
    const heap = this.dues;
    const top = heap[0] as number;
    const last = heap.pop() as number;
    const n = heap.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && (heap[r] as number) < (heap[l] as number) ? r : l;
      const child = heap[c] as number;
      if (child >= last) break;
      heap[i] = child;
      i = c;
    }
    heap[i] = last;
    return top;
  }
}

/** A clock that only moves on `advance(ms)`. Starts at `startMs`. @default startMs 0 */
export function createVirtualClock(startMs = 0): VirtualClock {
  const calendar = new Calendar(startMs);
  // Own function properties, as before: callers may copy the clock (`{ ...clock, setTimeout }`).
  return {
    kind: 'virtual',
    now: () => calendar.at,
    setTimeout: (fn, ms) => calendar.setTimeout(fn, ms),
    clearTimeout: (handle) => calendar.clearTimeout(handle),
    advance: (ms) => calendar.advance(ms),
    pending: () => calendar.live,
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
