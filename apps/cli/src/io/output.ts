import { escapeControl } from '@evse/core';
import type { OutStream } from './streams.js';

/**
 * Text for a terminal or a log: control characters escaped (a value from outside, an idTag
 * with ESC or a newline, can neither colour the terminal nor forge a line; AUDIT-2026-12.md
 * finding 13). With `keepNewlines`, `\n` stays (multi-line messages of our own).
 */
export function terminalSafe(text: string, keepNewlines = false): string {
  return keepNewlines ? text.split('\n').map(escapeControl).join('\n') : escapeControl(text);
}

/** JSON for one line: what JSON.stringify leaves raw (DEL, C1, bidi overrides) as `\uXXXX`. */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Printing for commands: log lines, one live status line, JSON lines. */
export interface Output {
  /** True when the status line is redrawn in place (a terminal). */
  readonly live: boolean;
  /** A line of output (kept above the live status line on a terminal). */
  line(text: string): void;
  /**
   * Replace the live status line. On a terminal it is redrawn in place. Otherwise it is
   * printed as a plain line whenever `key` changes (default: the text itself), so logs and
   * tests see every state change without a line per energy tick, and, when only the text
   * changed (the meter while charging), at most once per `repeatMs`.
   */
  status(text: string, key?: string): void;
  /** One JSON value per line (`--json`). */
  json(value: unknown): void;
  /** Finish the live line so later output starts on a fresh line. */
  end(): void;
}

// ANSI: carriage return + erase line, so the status line is redrawn in place.
const CLEAR_LINE = '\r\x1b[2K';

/**
 * Off a terminal (journald, a log file), how often a status whose text changed under the same
 * key is printed again: the meter of a charging session moves without changing the state
 * (AUDIT-2026-12.md #22).
 */
export const STATUS_REPEAT_MS = 10_000;

/** Options of {@link createOutput}. */
export interface OutputOptions {
  /** Redraw the status line in place. @default the stream is a terminal */
  readonly live?: boolean;
  /** @default STATUS_REPEAT_MS */
  readonly repeatMs?: number;
  /** The clock for `repeatMs`. @default Date.now */
  readonly now?: () => number;
}

/** An `Output` on a stream; `live` is decided by the stream being a terminal. */
export function createOutput(stream: OutStream, options: OutputOptions = {}): Output {
  const live = options.live ?? stream.isTTY === true;
  const repeatMs = options.repeatMs ?? STATUS_REPEAT_MS;
  const now = options.now ?? Date.now;
  let current = '';
  let currentKey: string | undefined;
  let printedAt = 0;
  let shown = false;

  const fit = (text: string): string => {
    const width = stream.columns ?? 0;
    return width > 1 && text.length >= width ? `${text.slice(0, width - 2)}…` : text;
  };
  const hide = (): void => {
    if (shown) stream.write(CLEAR_LINE);
    shown = false;
  };
  const show = (): void => {
    if (current === '') return;
    stream.write(fit(current));
    shown = true;
  };

  /** A whole line, printed above the live status line (which is redrawn under it). */
  const print = (text: string): void => {
    if (live) hide();
    stream.write(`${text}\n`);
    if (live) show();
  };

  return {
    live,
    line(raw) {
      print(terminalSafe(raw));
    },
    status(raw, key = raw) {
      const text = terminalSafe(raw);
      if (text === current) return;
      current = text;
      if (!live) {
        if (key !== currentKey || now() - printedAt >= repeatMs) {
          stream.write(`${text}\n`);
          printedAt = now();
        }
        currentKey = key;
        return;
      }
      hide();
      show();
    },
    json(value) {
      print(jsonLine(value));
    },
    end() {
      if (live && shown) stream.write('\n');
      shown = false;
      current = '';
      currentKey = undefined;
    },
  };
}

/** An `Output` whose lines start with `prefix` (status lines and JSON pass through). */
export function withPrefix(out: Output, prefix: string): Output {
  return {
    live: out.live,
    line: (text) => out.line(`${prefix}${text}`),
    status: (text, key) => out.status(text, key),
    json: (value) => out.json(value),
    end: () => out.end(),
  };
}
