// In-process IO for `run(argv, io)`: collects what the CLI prints.
import type { CliIo } from '../../src/index.js';

/** A CliIo whose streams are strings, plus the collected output. */
export function memoryIo(
  options: { signal?: AbortSignal; env?: Record<string, string> } = {},
): CliIo & {
  out(): string;
  err(): string;
} {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env: options.env ?? {},
    ...(options.signal ? { signal: options.signal } : {}),
    out: () => out,
    err: () => err,
  };
}
