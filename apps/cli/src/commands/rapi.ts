import type { Command } from 'commander';
import { parsePositive } from '../args.js';
import type { CommandContext } from '../context.js';

/** Options of `evse rapi`. */
export interface RapiOptions {
  interactive?: true;
  json?: true;
  raw?: true;
  timeout: number;
}

/** `evse rapi <port> <command…>`: one raw RAPI command, or a small REPL. */
export function registerRapi(program: Command, ctx: CommandContext): void {
  program
    .command('rapi')
    .description('send a raw RAPI command (checksum added) and print the decoded reply')
    .argument('<port>', 'device path, tcp://HOST:PORT or emulator')
    .argument('[command...]', "the command, e.g. $GS, '$SC 16' or SC 16")
    .option('-i, --interactive', 'a small REPL: one command per line, async frames shown, history')
    .option('--json', 'print the exchange as JSON')
    .option('--raw', 'also print the lines on the wire')
    .option('--timeout <ms>', 'reply timeout', parsePositive, 2000)
    .addHelpText(
      'after',
      `
Exit code 1 when the station answers $NK or does not answer in time.
Quote commands that start with $ in the shell ('$GS') or leave the $ out (GS).

Examples:
  evse rapi /dev/ttyUSB0 GV
  evse rapi tcp://127.0.0.1:8023 '$SC 16'
  evse rapi emulator --interactive`,
    )
    .action(async (port: string, words: string[], options: RapiOptions) =>
      (await import('../actions/rapi.js')).rapi(ctx, port, words, options),
    );
}
