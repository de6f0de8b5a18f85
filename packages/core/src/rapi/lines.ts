/**
 * Line framing for text received from a controller (RAPI.md §1.1, §1.6, §1.11). Pure RxJS.
 */
import { mergeMap, type Observable, type OperatorFunction, scan } from 'rxjs';

/** Options for `splitLines`. */
export interface SplitLinesOptions {
  /**
   * Longest partial line kept while waiting for its terminator. A longer one is emitted cut
   * to `maxLength + 1` characters (so `parseLine` reports `TOO_LONG`) and the rest is skipped
   * until the next `$`, which keeps memory bounded whatever arrives.
   * @default 128
   */
  readonly maxLength?: number;
}

interface SplitState {
  /** The frame being collected, from its `$`; null while skipping noise. */
  readonly partial: string | null;
  readonly lines: readonly string[];
}

const SPECIAL = /[$\r\n]/g;

/**
 * Turn arbitrarily chunked text into RAPI lines, without terminators. A line ends at CR or
 * LF (so CRLF and the echo-mode LF, §1.9, just work), even when the terminator arrives in a
 * later chunk. Like the firmware's receiver (§1.6), a `$` always starts a new line and drops
 * any unfinished one, and text outside a `$…` line (debug prints such as `relayCloseMs: 100`,
 * §1.11) is dropped: every emitted line starts with `$`. An unterminated tail is dropped on
 * completion.
 * @example data$.pipe(splitLines(), map((line) => parseLine(line, { origin: 'device' })))
 */
export function splitLines(options: SplitLinesOptions = {}): OperatorFunction<string, string> {
  const maxLength = options.maxLength ?? 128;
  if (!Number.isInteger(maxLength) || maxLength < 1) {
    throw new TypeError(`options.maxLength must be a positive integer, got ${maxLength}`);
  }
  return (source: Observable<string>) =>
    source.pipe(
      scan((state: SplitState, chunk: string) => step(state.partial, chunk, maxLength), {
        partial: null,
        lines: [],
      } as SplitState),
      mergeMap((state) => state.lines),
    );
}

function step(start: string | null, chunk: string, maxLength: number): SplitState {
  let partial = start;
  const lines: string[] = [];
  let i = 0;
  const special = new RegExp(SPECIAL);
  while (i <= chunk.length) {
    special.lastIndex = i;
    const match = special.exec(chunk);
    const end = match ? match.index : chunk.length;
    if (partial !== null && end > i) {
      // Never copy more than the cap, however large the chunk.
      partial += chunk.slice(i, Math.min(end, i + maxLength + 1 - partial.length));
      if (partial.length > maxLength) {
        lines.push(partial);
        partial = null;
      }
    }
    if (!match) break;
    if (match[0] === '$') partial = '$';
    else {
      if (partial !== null) lines.push(partial);
      partial = null;
    }
    i = end + 1;
  }
  return { partial, lines };
}
