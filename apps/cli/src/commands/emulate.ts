import type { FirmwareVersion } from '@evse/core';
import type { EmulatorProfile } from '@evse/transport-emulator';
import { type Command, Option } from 'commander';
import { firmwareOption, type HostPort, hostPortOption, parseBaud, parseCount } from '../args.js';
import type { CommandContext } from '../context.js';
import { type HttpSecurityOptions, httpHostOption, tokenOption } from '../http/security.js';
import { addWifiOptions, type WifiCliOptions } from '../wifi.js';

/** Options of `evse emulate`. */
export interface EmulateOptions extends HttpSecurityOptions, WifiCliOptions {
  pty?: string | true;
  tcp: HostPort | false;
  http: HostPort | false;
  firmware: FirmwareVersion;
  profile: EmulatorProfile;
  stateFile?: string;
  authLock?: true;
  bootlock?: true;
  baud?: number;
  json?: true;
  maxClients: number;
}

/** `evse emulate`: an emulated station on a PTY, TCP and an HTTP control API until Ctrl-C. */
export function registerEmulate(program: Command, ctx: CommandContext): void {
  const command = program
    .command('emulate')
    .description(
      'run an emulated OpenEVSE station until Ctrl-C (PTY, TCP, web dashboard, control API)',
    )
    .option('--pty [path]', 'also serve a pseudo-terminal (needs socat), at PATH if given')
    .addOption(hostPortOption('--tcp <host:port>', 'serve RAPI over raw TCP', '127.0.0.1:8023'))
    .option('--no-tcp', 'do not serve TCP')
    .option(
      '--max-clients <n>',
      'most TCP clients at once; one more is told "busy" and disconnected',
      parseCount,
      8,
    )
    .addOption(
      hostPortOption(
        '--http <host:port>',
        'serve the web dashboard and the control API (evse ev)',
        '127.0.0.1:8024',
      ),
    )
    .addOption(tokenOption())
    .addOption(httpHostOption())
    .option('--no-http', 'serve neither the dashboard nor the control API')
    .addOption(firmwareOption())
    .addOption(
      new Option('--profile <profile>', 'build profile of firmware 8.2.3 (RAPI.md §0.1)')
        .choices(['arduino', 'platformio'])
        .default('arduino'),
    )
    .option('--state-file <file>', 'keep the EEPROM settings in FILE across restarts')
    .option('--auth-lock', 'AUTH_LOCK build: charging waits for authorization ($S4; 4.8.0 on)')
    .option('--bootlock', 'BOOTLOCK build (8.2.3): waits in boot until $SB')
    .addOption(
      new Option('--baud <n>', 'pace output like the UART at N baud (e.g. 115200)').argParser(
        parseBaud,
      ),
    )
    .option('--json', 'print status snapshots as JSON lines instead of the status line');
  addWifiOptions(command)
    .addHelpText(
      'after',
      `
Open the --http address in a browser for the dashboard: the statechart live, meter plots,
the RAPI lines PTY and TCP clients exchange, and buttons to plug in, charge and inject
faults. The control API (GET /api/status, POST /api/ev, /api/fault, /api/swipe) that
"evse ev" and the buttons call is on the same address.
Port 0 picks a free port; the lines "TCP listening on HOST:PORT",
"Control API listening on URL" and "Dashboard at URL" say where it ended up.

Examples:
  evse emulate                                   TCP 127.0.0.1:8023, dashboard http://127.0.0.1:8024/
  evse emulate --pty /tmp/ttyEVSE --profile platformio --state-file evse.json
  evse emulate --firmware 7.1.3 --baud 115200       a 2021 station, at the UART's pace
  evse emulate --wifi 127.0.0.1:8080 --mqtt mqtt://127.0.0.1:1883 --mqtt-base openevse
                                                 the WiFi module's API (Home Assistant, evcc)
  evse rapi tcp://127.0.0.1:8023 '$GS'           (in another terminal)
  evse ev connect                                (in another terminal)`,
    )
    .action(async (options: EmulateOptions) =>
      (await import('../actions/emulate.js')).emulate(ctx, options),
    );
}
