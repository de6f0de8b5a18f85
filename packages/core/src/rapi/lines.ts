/**
 * Line framing for text received from a controller (RAPI.md §1.1, §1.6, §1.11). Pure RxJS.
 */
import { Observable, type OperatorFunction } from 'rxjs';

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

const DOLLAR = 0x24;
const CR = 0x0d;
const LF = 0x0a;

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
  // Built from scratch rather than `scan` + `mergeMap`: the inner subscription per chunk cost
  // ~20x more than the splitting itself under the 100k-line fuzz. It forwards next, error and
  // complete, and returns the source subscription as teardown (rxjs operator guide).
  return (source: Observable<string>) =>
    new Observable<string>((subscriber) => {
      let partial: string | null = null;
      return source.subscribe({
        next: (chunk) => {
          const state = step(partial, chunk, maxLength);
          partial = state.partial;
          for (const line of state.lines) subscriber.next(line);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}

function step(start: string | null, chunk: string, maxLength: number): SplitState {
  let partial = start;
  const lines: string[] = [];
  let from = 0; // start of the text not yet copied into `partial`
  for (let i = 0; i <= chunk.length; i++) {
    const c = i < chunk.length ? chunk.charCodeAt(i) : -1;
    if (c !== DOLLAR && c !== CR && c !== LF && c !== -1) continue;
    if (partial !== null && i > from) {
      // Never copy more than the cap, however large the chunk.
      partial += chunk.slice(from, Math.min(i, from + maxLength + 1 - partial.length));
      if (partial.length > maxLength) {
        lines.push(partial);
        partial = null;
      }
    }
    if (c === DOLLAR) partial = '$';
    else if (c !== -1) {
      if (partial !== null) lines.push(partial);
      partial = null;
    }
    from = i + 1;
  }
  return { partial, lines };
}
