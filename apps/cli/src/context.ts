import type { Output } from './io/output.js';
import type { CliIo } from './io/streams.js';

/** What every command gets: the streams, printers and the shutdown signal. */
export interface CommandContext {
  readonly io: CliIo;
  /**
   * Printer on stdout (live status line on a terminal). Replaced by the JSON log before the
   * action runs with `--log-format json` (config/service.ts): read it when printing.
   */
  readonly out: Output;
  /** Aborts when the user asks to stop (Ctrl-C / SIGTERM); never aborts if `io` has none. */
  readonly signal: AbortSignal;
}

/** Resolves when `signal` aborts: long-running commands await this, then clean up. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}

/**
 * Race `work` against the shutdown signal; `undefined` when the user stopped first. The
 * work keeps running in the background, so callers close what it was using.
 */
export async function unlessAborted<T>(
  work: Promise<T>,
  signal: AbortSignal,
): Promise<T | undefined> {
  return Promise.race([work, untilAborted(signal).then(() => undefined)]);
}
