import { CommanderError } from 'commander';
import { describeError, ExitCode, exitCodeOf, UsageError } from './errors.js';
import { createOutput, terminalSafe } from './io/output.js';
import type { CliIo } from './io/streams.js';
import { buildProgram } from './program.js';

export type { CliIo, InStream, OutStream } from './io/streams.js';

/**
 * Run the `evse` command line (`argv` without `node` and the script path) and resolve to the
 * exit code: 0 ok, 1 runtime failure, 2 usage error, 130 interrupted.
 * @example process.exitCode = await run(process.argv.slice(2), { stdout, stderr, env });
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const signal = io.signal ?? new AbortController().signal;
  const ctx = { io, out: createOutput(io.stdout), signal };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    // Commander has already printed its own message (and usage hint) through configureOutput.
    if (error instanceof CommanderError) return exitCodeOf(error);
    ctx.out.end();
    const { EVSE_DEBUG } = io.env;
    const debug = argv.includes('--debug') || EVSE_DEBUG === '1';
    io.stderr.write(`evse: ${terminalSafe(describeError(error), true)}\n`);
    if (error instanceof UsageError) io.stderr.write('(add --help for usage)\n');
    if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return exitCodeOf(error);
  }
}
