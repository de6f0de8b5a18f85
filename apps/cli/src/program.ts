import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerBridge } from './commands/bridge.js';
import { registerCentral } from './commands/central.js';
import { registerChart } from './commands/chart.js';
import { registerDemo } from './commands/demo.js';
import { registerEmulate } from './commands/emulate.js';
import { registerEv } from './commands/ev.js';
import { registerFleet } from './commands/fleet.js';
import { registerOcpp } from './commands/ocpp.js';
import { registerPorts } from './commands/ports.js';
import { registerRapi } from './commands/rapi.js';
import { registerWatch } from './commands/watch.js';
import { installServiceConfig } from './config/service.js';
import type { CommandContext } from './context.js';
import { terminalSafe } from './io/output.js';

/**
 * The version `evse --version` prints: the package's own, stated once in its package.json
 * (one level above both `src/` and the built `dist/`), so a release bumps it in one place.
 */
export const CLI_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

/**
 * The `evse` program: global options, error/exit behaviour and every command. Commander
 * never calls `process.exit` (exitOverride) and writes only to the context's streams, so the
 * whole CLI runs in-process too. Command modules only declare options; the code that runs is
 * imported when the command runs, so `--help` and usage errors stay fast.
 */
export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('evse')
    .description(
      'Emulate OpenEVSE charging stations, talk RAPI to real ones, and bridge them to OCPP 1.6J or 1.5J.',
    )
    .version(CLI_VERSION)
    .option('--debug', 'print stack traces with errors')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.io.stdout.write(text),
      // Commander repeats the bad argument: no control character of it reaches the terminal.
      writeErr: (text) => ctx.io.stderr.write(terminalSafe(text, true)),
    })
    .showHelpAfterError('(add --help for usage)')
    .showSuggestionAfterError(true);
  // Subcommands created with .command() inherit exitOverride and configureOutput.
  registerEmulate(program, ctx);
  registerEv(program, ctx);
  registerRapi(program, ctx);
  registerWatch(program, ctx);
  registerBridge(program, ctx);
  registerCentral(program, ctx);
  registerOcpp(program, ctx);
  registerDemo(program, ctx);
  registerFleet(program, ctx);
  registerChart(program, ctx);
  registerPorts(program, ctx);
  installServiceConfig(program, ctx);
  program.addHelpText(
    'after',
    `
Port specs: a device path (/dev/ttyUSB0), tcp://HOST:PORT, or "emulator" (in-process).
Exit codes: 0 ok, 1 runtime failure, 2 usage error, 130 interrupted.`,
  );
  return program;
}
