import { UsageError } from '../errors.js';

/** A command as the user typed it, split for `client.request(cmd, params)`. */
export interface TypedCommand {
  readonly cmd: string;
  readonly params: readonly string[];
}

/**
 * Read a command the way people write them: `$GS`, `GS`, `$SC 16 V`, or split over several
 * shell arguments (`SC 16 V`). A checksum the user typed (`^30`, `*AE`) is dropped because the
 * client computes and adds its own (RAPI.md §1.3); spaces separate parameters (§1.2).
 */
export function parseTypedCommand(words: readonly string[]): TypedCommand {
  const text = words
    .join(' ')
    .trim()
    .replace(/[\^*][0-9a-fA-F]{1,2}$/, '');
  const tokens = text
    .replace(/^\$/, '')
    .split(/\s+/)
    .filter((t) => t !== '');
  const [cmd, ...params] = tokens;
  if (cmd === undefined) throw new UsageError('no RAPI command given (e.g. $GV)');
  if (!/^[A-Za-z0-9]{1,2}$/.test(cmd)) {
    throw new UsageError(`"${cmd}" is not a RAPI command: two characters such as GS, SC, FE`);
  }
  return { cmd, params };
}
