import { Option } from 'commander';
import { jsonLine, type Output } from './output.js';
import type { OutStream } from './streams.js';

/** `--log-format`: what a long-running command prints its events as. */
export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** `--log-format <format>` of bridge, central, emulate and fleet. */
export function logFormatOption(): Option {
  return new Option(
    '--log-format <format>',
    'text: lines for people; json: one {time, level, event, ...} object per line on stdout (journald, collectors)',
  )
    .choices([...LOG_FORMATS])
    .default('text');
}

/** The level of a structured event: errors and losses stand out in a collector. */
function levelOf(event: string): string {
  if (/error|fail/i.test(event)) return 'error';
  if (/warn|dropped|lost|rejected|refused|disconnected/i.test(event)) return 'warn';
  return 'info';
}

/**
 * An `Output` for `--log-format json`: every line it is given becomes one JSON object on its
 * own line, `{time, level, event, ...fields}`. A command's structured value (`json()`) keeps
 * its fields and its `type` names the event; a text line is `{event: "message", message}`;
 * the live status line is an `event: "status"` object whenever its key changes. Nothing is
 * redrawn in place, so journald and log collectors get one record per event.
 */
export function createJsonLog(stream: OutStream, now: () => Date = () => new Date()): Output {
  let currentKey: string | undefined;
  const emit = (event: string, fields: Record<string, unknown>): void => {
    const record: Record<string, unknown> = {
      time: now().toISOString(),
      level: levelOf(event),
      event,
    };
    // A field named like one of the three above keeps its value under `NAME_`.
    for (const [key, value] of Object.entries(fields))
      if (key !== 'type') record[key in record ? `${key}_` : key] = value;
    stream.write(`${jsonLine(record)}\n`);
  };
  return {
    live: false,
    line(text) {
      emit('message', { message: text });
    },
    status(text, key = text) {
      if (key === currentKey) return;
      currentKey = key;
      emit('status', { message: text });
    },
    json(value) {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const fields = value as Record<string, unknown>;
        emit(typeof fields['type'] === 'string' ? fields['type'] : 'snapshot', fields);
      } else emit('value', { value });
    },
    end() {
      currentKey = undefined;
    },
  };
}
