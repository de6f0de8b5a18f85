import type { EmulatorProfile } from '@evse/transport-emulator';
import { type Command, Option } from 'commander';
import { type HostPort, parseHostPort } from '../args.js';
import type { CommandContext } from '../context.js';

/** Options of `evse emulate`. */
export interface EmulateOptions {
  pty?: string | true;
  tcp: HostPort | false;
  http: HostPort | false;
  profile: EmulatorProfile;
  stateFile?: string;
  authLock?: true;
  json?: true;
}

/** `evse emulate`: an emulated station on a PTY, TCP and an HTTP control API until Ctrl-C. */
export function registerEmulate(program: Command, ctx: CommandContext): void {
  program
    .command('emulate')
    .description('run an emulated OpenEVSE station until Ctrl-C (PTY, TCP, HTTP control API)')
    .option('--pty [path]', 'also serve a pseudo-terminal (needs socat), at PATH if given')
    .option(
      '--tcp <host:port>',
      'serve RAPI over raw TCP',
      parseHostPort,
      parseHostPort('127.0.0.1:8023'),
    )
    .option('--no-tcp', 'do not serve TCP')
    .option(
      '--http <host:port>',
      'serve the control API',
      parseHostPort,
      parseHostPort('127.0.0.1:8024'),
    )
    .option('--no-http', 'do not serve the control API')
    .addOption(
      new Option('--profile <profile>', 'firmware build profile (RAPI.md §0.1)')
        .choices(['arduino', 'platformio'])
        .default('arduino'),
    )
    .option('--state-file <file>', 'keep the EEPROM settings in FILE across restarts')
    .option('--auth-lock', 'AUTH_LOCK build: charging waits for authorization ($S4)')
    .option('--json', 'print status snapshots as JSON lines instead of the status line')
    .addHelpText(
      'after',
      `
Port 0 picks a free port; the lines "TCP listening on HOST:PORT" and
"Control API listening on URL" say where it ended up.

Examples:
  evse emulate                                   TCP 127.0.0.1:8023, control API :8024
  evse emulate --pty /tmp/ttyEVSE --profile platformio --state-file evse.json
  evse rapi tcp://127.0.0.1:8023 '$GS'           (in another terminal)
  evse ev connect                                (in another terminal)`,
    )
    .action(async (options: EmulateOptions) =>
      (await import('../actions/emulate.js')).emulate(ctx, options),
    );
}
