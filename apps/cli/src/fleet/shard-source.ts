/**
 * Where `evse fleet` takes its shard from: `--shard I/N`, else a Kubernetes Indexed Job's
 * environment — `JOB_COMPLETION_INDEX` (the pod's 0-based index, set by Kubernetes) and
 * `EVSE_FLEET_SHARDS` (the Job's completion count, set in the pod template) — else the whole
 * fleet. Half of the pair, or a value that is not a shard, is a usage error naming the
 * variable: a pod that silently ran the whole fleet would boot every station N times.
 */
import { type Shard, WHOLE_FLEET } from '@evse/fleet';
import { UsageError } from '../errors.js';

/** The environment variable with the shard index (0-based), set by Kubernetes. */
export const INDEX_VAR = 'JOB_COMPLETION_INDEX';
/** The environment variable with the number of shards (the Job's `completions`). */
export const SHARDS_VAR = 'EVSE_FLEET_SHARDS';

/** A shard and, in words, where it came from (`from --shard`), for the first line of `evse fleet`. */
export interface ShardChoice {
  readonly shard: Shard;
  readonly from: string;
}

const WHOLE_NUMBER = /^\d+$/;

/** The shard of this run; throws a UsageError naming the option or variable at fault. */
export function chooseShard(
  option: Shard | undefined,
  env: Readonly<Record<string, string | undefined>>,
): ShardChoice {
  if (option !== undefined) return { shard: option, from: 'from --shard' };
  const index = env[INDEX_VAR]?.trim();
  const total = env[SHARDS_VAR]?.trim();
  if (index === undefined && total === undefined) {
    return { shard: WHOLE_FLEET, from: `the whole fleet: no --shard, no ${INDEX_VAR}` };
  }
  if (total === undefined) {
    throw new UsageError(
      `${INDEX_VAR}=${index} is set but ${SHARDS_VAR} is not: set ${SHARDS_VAR} to the Job's completions (or pass --shard I/N)`,
    );
  }
  if (index === undefined) {
    throw new UsageError(
      `${SHARDS_VAR}=${total} is set but ${INDEX_VAR} is not (Kubernetes sets it in an Indexed Job; or pass --shard I/N)`,
    );
  }
  if (!WHOLE_NUMBER.test(total) || Number(total) < 1) {
    throw new UsageError(
      `${SHARDS_VAR}: expected a whole number ≥ 1, got ${JSON.stringify(total)}`,
    );
  }
  if (!WHOLE_NUMBER.test(index)) {
    throw new UsageError(`${INDEX_VAR}: expected a whole number ≥ 0, got ${JSON.stringify(index)}`);
  }
  if (Number(index) >= Number(total)) {
    throw new UsageError(
      `${INDEX_VAR}=${index} must be below ${SHARDS_VAR}=${total} (0..${Number(total) - 1})`,
    );
  }
  return {
    shard: { index: Number(index), total: Number(total) },
    from: `from ${INDEX_VAR}=${index}, ${SHARDS_VAR}=${total}`,
  };
}
