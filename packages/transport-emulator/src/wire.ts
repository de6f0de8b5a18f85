/**
 * The wire-fault layer between the firmware's UART output and whoever listens (STYLE.md §2.11):
 * dropped, delayed and corrupted replies, `$NK` to every Nth command, seeded random chunking,
 * unsolicited `$AT`. Order is always kept: nothing overtakes a delayed reply.
 */
import type { OutputKind } from './firmware/state.js';
import type { EmulatorClock, WireFaultOptions, WireFaults } from './types.js';

const NONE: Readonly<Required<WireFaultOptions>> = {
  dropEvery: 0,
  delayMs: 0,
  corruptEvery: 0,
  nkEvery: 0,
  chunking: null,
  debugNoise: false,
};

/** mulberry32: a tiny seeded PRNG, so chunking is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Flip the last checksum digit of a reply so it no longer matches. */
function corrupt(text: string): string {
  const i = text.lastIndexOf('^');
  if (i < 0 || i + 2 >= text.length) return text;
  const d = text[i + 2] as string;
  const flipped = d === '0' ? '1' : '0';
  return text.slice(0, i + 2) + flipped + text.slice(i + 3);
}

/** Where the layer delivers what goes on the wire (the emulator implements it). */
export interface WireSink {
  /** Text on the wire, after faults and chunking. */
  deliver(text: string): void;
  /** `injectAt()` was called: send an unsolicited `$AT` now. */
  injectAt(): void;
  /** `debugNoise` was set or reset through the knobs. */
  debugNoise(on: boolean): void;
}

/** The wire-fault layer of one emulator; it is also the `control.wire` knobs. */
export class WireLayer implements WireFaults {
  private readonly clock: EmulatorClock;
  private readonly sink: WireSink;
  /** The shared `NONE` until a fault is set (no per-instance copy of the defaults). */
  private opts: Required<WireFaultOptions>;
  private random: (() => number) | null;
  private replies = 0;
  private frames = 0;
  private dropCount = 0;
  private corruptCount = 0;
  private queue: { text: string; at: number }[] | null = null;
  private timer: unknown = null;
  private closed = false;

  constructor(clock: EmulatorClock, sink: WireSink, initial?: WireFaultOptions) {
    this.clock = clock;
    this.sink = sink;
    this.opts = initial ? { ...NONE, ...initial } : NONE;
    this.random = this.opts.chunking ? seededRandom(this.opts.chunking.seed) : null;
  }

  private send(text: string): void {
    const random = this.random;
    const chunking = this.opts.chunking;
    if (!random || !chunking) {
      this.sink.deliver(text);
      return;
    }
    const max = Math.max(1, chunking.maxChunk ?? 8);
    for (let i = 0; i < text.length; ) {
      const n = 1 + Math.floor(random() * max);
      this.sink.deliver(text.slice(i, i + n));
      i += n;
    }
  }

  private flush(): void {
    this.timer = null;
    const queue = this.queue;
    if (!queue) return;
    const now = this.clock.now();
    while (queue.length > 0 && (queue[0] as { at: number }).at <= now) {
      this.send((queue.shift() as { text: string }).text);
    }
    const next = queue[0];
    if (next && !this.closed) this.timer = this.clock.setTimeout(() => this.flush(), next.at - now);
  }

  /** Firmware output in; what survives the faults goes to the sink, in order. */
  push(text: string, kind: OutputKind): void {
    if (this.closed) return;
    let out = text;
    let delay = 0;
    if (kind === 'reply') {
      const opts = this.opts;
      this.replies++;
      if (this.dropCount > 0) {
        this.dropCount--;
        return;
      }
      if (opts.dropEvery > 0 && this.replies % opts.dropEvery === 0) return;
      if (this.corruptCount > 0) {
        this.corruptCount--;
        out = corrupt(out);
      } else if (opts.corruptEvery > 0 && this.replies % opts.corruptEvery === 0)
        out = corrupt(out);
      delay = opts.delayMs;
    }
    let q = this.queue;
    if (delay <= 0 && (q === null || q.length === 0)) {
      this.send(out);
      return;
    }
    if (q === null) {
      q = [];
      this.queue = q;
    }
    const last = q[q.length - 1];
    const at = Math.max(this.clock.now() + delay, last ? last.at : 0);
    q.push({ text: out, at });
    if (this.timer === null) {
      this.timer = this.clock.setTimeout(() => this.flush(), at - this.clock.now());
    }
  }

  /** Called once per completed command frame: true = answer `$NK^21` instead. */
  shouldNk(): boolean {
    this.frames++;
    return this.opts.nkEvery > 0 && this.frames % this.opts.nkEvery === 0;
  }

  dropNext(count = 1): void {
    this.dropCount += count;
  }

  corruptNext(count = 1): void {
    this.corruptCount += count;
  }

  injectAt(): void {
    this.sink.injectAt();
  }

  set(options: WireFaultOptions): void {
    this.opts = { ...this.opts, ...options };
    if ('chunking' in options) {
      this.random = this.opts.chunking ? seededRandom(this.opts.chunking.seed) : null;
    }
    if (options.debugNoise !== undefined) this.sink.debugNoise(options.debugNoise);
  }

  get(): Required<WireFaultOptions> {
    return { ...this.opts };
  }

  reset(): void {
    this.opts = NONE;
    this.random = null;
    this.dropCount = 0;
    this.corruptCount = 0;
    this.sink.debugNoise(false);
  }

  /** No more output; a delayed reply still queued is dropped. */
  close(): void {
    this.closed = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.queue = null;
  }
}
