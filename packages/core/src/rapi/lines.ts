/**
 * Line framing for text received from a controller (RAPI.md §1.1, §1.6, §1.11). Pure RxJS.
 */
import { Observable, type OperatorFunction, type Subscriber } from 'rxjs';

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
  const maxLength = checkMaxLength(options.maxLength ?? 128);
  // Built from scratch rather than `scan` + `mergeMap`: the inner subscription per chunk cost
  // ~20x more than the splitting itself under the 100k-line fuzz. It forwards next, error and
  // complete, and returns the source subscription as teardown (rxjs operator guide).
  return (source: Observable<string>) =>
    new Observable<string>((subscriber) => {
      const splitter = new ForwardingSplitter(maxLength, subscriber);
      return source.subscribe({
        next: (chunk) => splitter.push(chunk),
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}

/**
 * The state machine behind `splitLines`, usable without an Observable: the RAPI client reads
 * its transport through one, saving an operator chain per client (issue 8).
 */
export abstract class LineSplitter {
  /** The frame being collected across chunks, from its `$`; null while skipping noise. */
  #partial: string | null = null;
  readonly #maxLength: number;

  constructor(maxLength: number) {
    this.#maxLength = maxLength;
  }

  /** Called once per complete line, in order, after the chunk holding its end was read. */
  protected abstract onLine(line: string): void;

  /** Read one chunk. */
  push(chunk: string): void {
    const maxLength = this.#maxLength;
    // The frame in progress is `prefix` (from earlier chunks) + chunk[begin, i); begin < 0
    // while skipping noise. Lines are sliced straight out of the chunk when they fit in it.
    let prefix = this.#partial ?? '';
    let begin = this.#partial === null ? -1 : 0;
    // Most chunks hold at most one line: no array for those.
    let first: string | undefined;
    let more: string[] | undefined;
    for (let i = 0; i <= chunk.length; i++) {
      const c = i < chunk.length ? chunk.charCodeAt(i) : -1;
      if (c !== DOLLAR && c !== CR && c !== LF && c !== -1) continue;
      let line: string | undefined;
      if (begin >= 0) {
        // Checked only at delimiters, like the firmware's buffer: never copy more than the cap.
        if (prefix.length + i - begin > maxLength) {
          line = prefix + chunk.slice(begin, begin + maxLength + 1 - prefix.length);
          begin = -1;
        } else if (c === CR || c === LF) {
          line = prefix + chunk.slice(begin, i);
          begin = -1;
        }
      }
      if (line !== undefined) {
        if (first === undefined) first = line;
        else if (more === undefined) more = [line];
        else more.push(line);
      }
      if (c === DOLLAR) {
        prefix = '';
        begin = i;
      }
    }
    this.#partial = begin < 0 ? null : prefix + chunk.slice(begin);
    if (first === undefined) return;
    this.onLine(first);
    if (more !== undefined) for (const line of more) this.onLine(line);
  }
}

class ForwardingSplitter extends LineSplitter {
  readonly #subscriber: Subscriber<string>;

  constructor(maxLength: number, subscriber: Subscriber<string>) {
    super(maxLength);
    this.#subscriber = subscriber;
  }

  protected override onLine(line: string): void {
    this.#subscriber.next(line);
  }
}

/** Validate `maxLength` (see `SplitLinesOptions`) and return it. */
export function checkMaxLength(maxLength: number): number {
  if (!Number.isInteger(maxLength) || maxLength < 1) {
    throw new TypeError(`options.maxLength must be a positive integer, got ${maxLength}`);
  }
  return maxLength;
}
