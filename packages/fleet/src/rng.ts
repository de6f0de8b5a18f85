/**
 * Seeded randomness for fleet runs: mulberry32 (Tommy Ettinger's 32-bit generator, public
 * domain), small and fast, good enough for load shapes. The same seed gives the same fleet:
 * every station derives its own stream from (seed, station index), so a shard draws exactly
 * the numbers the unsharded run would for its stations.
 */

/** A seeded source of numbers in [0, 1) and the draws a scenario needs. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max]. */
  between(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

/**
 * mulberry32: 32 bits of state, period 2^32. A class, so a fleet's 10,000 generators share
 * their methods instead of carrying five closures each.
 */
class Mulberry32 implements Rng {
  #a: number;

  constructor(seed: number) {
    this.#a = seed >>> 0;
  }

  next(): number {
    this.#a = (this.#a + 0x6d2b79f5) >>> 0;
    let t = this.#a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick: empty list');
    return item;
  }
}

/** A generator seeded with `seed` (any integer; only the low 32 bits count). */
export function createRng(seed: number): Rng {
  return new Mulberry32(seed);
}

/** The stream of station `index` in a run seeded with `seed` (independent of sharding). */
export function stationRng(seed: number, index: number): Rng {
  // Mix index into the seed (a multiplicative hash) so neighbouring stations do not share
  // a shifted sequence.
  return createRng(
    (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) | 0,
  );
}
