// In-process IO for `run(argv, io)`: collects what the CLI prints. The same code path as the
// `evse` process (main.ts only adds process streams and signals), without a process start.
import { Readable } from 'node:stream';
import { type CliIo, run } from '../../src/index.js';

/** A CliIo whose streams are strings, plus the collected output. */
export function memoryIo(
  options: { signal?: AbortSignal; env?: Record<string, string>; input?: string } = {},
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
    ...(options.input === undefined ? {} : { stdin: Readable.from([options.input]) }),
    out: () => out,
    err: () => err,
  };
}

/** `run(argv)` in-process, shaped like `runCli`'s result. */
export async function runInProcess(
  argv: readonly string[],
  options: { input?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIo(options);
  const code = await run(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}
