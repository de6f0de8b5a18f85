/**
 * Shard arithmetic for `evse fleet --shard I/N`: one fleet split over N processes or machines
 * (e.g. a Kubernetes indexed Job with `--shard $JOB_COMPLETION_INDEX/N`). Shard I runs the
 * station indices i in [0, count) with `i % N === I` (round robin): every shard gets
 * ⌊count/N⌋ or ⌈count/N⌉ stations, and together the shards cover each index exactly once.
 * Station ids do not depend on the shard, so shards never collide at the central system.
 */

/** A shard `I/N`: this process runs share `index` of `total`. */
export interface Shard {
  readonly index: number;
  readonly total: number;
}

/** The whole fleet in one process. */
export const WHOLE_FLEET: Shard = { index: 0, total: 1 };

/** Parse `I/N` (0 ≤ I < N); throws a RangeError saying what is wrong. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new RangeError(`expected I/N with 0 <= I < N, e.g. 0/4, got "${text}"`);
  const index = Number(match[1]);
  const total = Number(match[2]);
  if (total < 1) throw new RangeError(`shard count N must be at least 1, got ${total}`);
  if (index >= total) {
    throw new RangeError(`shard index I must be below N (0..${total - 1}), got ${index}`);
  }
  return { index, total };
}

/** The station indices shard `shard` runs out of a fleet of `count`, ascending. */
export function shardIndices(count: number, shard: Shard): number[] {
  const out: number[] = [];
  for (let i = shard.index; i < count; i += shard.total) out.push(i);
  return out;
}

/**
 * The chargeBoxId of station `index`: `prefix` + the index zero-padded to the width of the
 * largest index (`CP-0000` … `CP-9999` for 10,000), so ids sort in index order.
 */
export function stationId(prefix: string, index: number, count: number): string {
  const width = String(Math.max(0, count - 1)).length;
  return `${prefix}${String(index).padStart(width, '0')}`;
}
