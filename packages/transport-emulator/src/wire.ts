/**
 * The wire-fault layer between the firmware's UART output and whoever listens (STYLE.md §11):
 * dropped, delayed and corrupted replies, `$NK` to every Nth command, seeded random chunking,
 * unsolicited `$AT`. Order is always kept: nothing overtakes a delayed reply.
 */
import type { OutputKind } from './firmware/state.js';
import type { EmulatorClock, WireFaultOptions, WireFaults } from './types.js';

const NONE: Required<WireFaultOptions> = {
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

/** The layer: `push` firmware output in, `sink` receives what goes on the wire. */
export interface WireLayer extends WireFaults {
  push(text: string, kind: OutputKind): void;
  /** Called once per completed command frame: true = answer `$NK^21` instead. */
  shouldNk(): boolean;
  close(): void;
}

/** Create the layer for one emulator. `injectAt` sends an unsolicited `$AT`. */
export function createWireLayer(
  clock: EmulatorClock,
  sink: (text: string) => void,
  injectAt: () => void,
  initial: WireFaultOptions = {},
): WireLayer {
  let opts: Required<WireFaultOptions> = { ...NONE, ...initial };
  let random = opts.chunking ? seededRandom(opts.chunking.seed) : null;
  let replies = 0;
  let frames = 0;
  let dropNext = 0;
  let corruptNext = 0;
  const queue: { text: string; at: number }[] = [];
  let timer: unknown = null;
  let closed = false;

  const send = (text: string): void => {
    if (!random || !opts.chunking) {
      sink(text);
      return;
    }
    const max = Math.max(1, opts.chunking.maxChunk ?? 8);
    for (let i = 0; i < text.length; ) {
      const n = 1 + Math.floor(random() * max);
      sink(text.slice(i, i + n));
      i += n;
    }
  };

  const flush = (): void => {
    timer = null;
    const now = clock.now();
    while (queue.length > 0 && (queue[0] as { at: number }).at <= now) {
      send((queue.shift() as { text: string }).text);
    }
    const next = queue[0];
    if (next && !closed) timer = clock.setTimeout(flush, next.at - now);
  };

  return {
    push(text, kind) {
      if (closed) return;
      let out = text;
      let delay = 0;
      if (kind === 'reply') {
        replies++;
        if (dropNext > 0) {
          dropNext--;
          return;
        }
        if (opts.dropEvery > 0 && replies % opts.dropEvery === 0) return;
        if (corruptNext > 0) {
          corruptNext--;
          out = corrupt(out);
        } else if (opts.corruptEvery > 0 && replies % opts.corruptEvery === 0) out = corrupt(out);
        delay = opts.delayMs;
      }
      if (delay <= 0 && queue.length === 0) return send(out);
      const last = queue[queue.length - 1];
      const at = Math.max(clock.now() + delay, last ? last.at : 0);
      queue.push({ text: out, at });
      if (timer === null) timer = clock.setTimeout(flush, at - clock.now());
    },
    shouldNk() {
      frames++;
      return opts.nkEvery > 0 && frames % opts.nkEvery === 0;
    },
    dropNext(count = 1) {
      dropNext += count;
    },
    corruptNext(count = 1) {
      corruptNext += count;
    },
    injectAt,
    set(options) {
      opts = { ...opts, ...options };
      if ('chunking' in options) random = opts.chunking ? seededRandom(opts.chunking.seed) : null;
    },
    get: () => ({ ...opts }),
    reset() {
      opts = { ...NONE };
      random = null;
      dropNext = 0;
      corruptNext = 0;
    },
    close() {
      closed = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      queue.length = 0;
    },
  };
}
