import { Command } from 'commander';
import { registerEv } from './commands/ev.js';
import type { CommandContext } from './context.js';

/** The version `evse --version` prints. */
export const CLI_VERSION = '0.0.0';

/**
 * The `evse` program: global options, error/exit behaviour and every command. Commander
 * never calls `process.exit` (exitOverride) and writes only to the context's streams, so the
 * whole CLI runs in-process too.
 */
export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('evse')
    .description(
      'Emulate OpenEVSE charging stations, talk RAPI to real ones, and bridge them to OCPP 1.5.',
    )
    .version(CLI_VERSION)
    .option('--debug', 'print stack traces with errors')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.io.stdout.write(text),
      writeErr: (text) => ctx.io.stderr.write(text),
    })
    .showHelpAfterError('(add --help for usage)')
    .showSuggestionAfterError(true);
  // Subcommands created with .command() inherit exitOverride and configureOutput.
  registerEv(program, ctx);
  program.addHelpText(
    'after',
    `
Port specs: a device path (/dev/ttyUSB0), tcp://HOST:PORT, or "emulator" (in-process).
Exit codes: 0 ok, 1 runtime failure, 2 usage error, 130 interrupted.`,
  );
  return program;
}
