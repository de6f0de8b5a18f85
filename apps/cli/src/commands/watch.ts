import type { Command } from 'commander';
import { parsePositive } from '../args.js';
import type { CommandContext } from '../context.js';

/** Options of `evse watch`. */
export interface WatchOptions {
  json?: true;
  interval: number;
}

/** `evse watch <port>`: live state, pilot, amps, volts, energy and temperature. */
export function registerWatch(program: Command, ctx: CommandContext): void {
  program
    .command('watch')
    .description('live station status: state, pilot, amps, volts, energy, temperature')
    .argument('<port>', 'device path, tcp://HOST:PORT or emulator')
    .option('--json', 'one JSON line per change instead of the status line')
    .option('--interval <ms>', 'meter poll interval', parsePositive, 1000)
    .addHelpText(
      'after',
      `
On a terminal the status line updates in place; otherwise every change is a new line.
Runs until Ctrl-C; a lost serial/TCP link is reopened.

Examples:
  evse watch /dev/ttyUSB0
  evse watch tcp://127.0.0.1:8023 --json | jq -c '{state, currentMa}'`,
    )
    .action(async (port: string, options: WatchOptions) =>
      (await import('../actions/watch.js')).watch(ctx, port, options),
    );
}
