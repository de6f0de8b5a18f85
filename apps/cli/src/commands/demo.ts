import type { FirmwareVersion } from '@evse/core';
import type { Command } from 'commander';
import {
  firmwareOption,
  type HostPort,
  hostPortOption,
  parseChargeBoxId,
  parseIdTag,
  parsePositive,
} from '../args.js';
import type { CommandContext } from '../context.js';
import { type HttpSecurityOptions, httpHostOption, tokenOption } from '../http/security.js';
import { type OcppVersionChoice, ocppVersionOption } from '../ocpp-version.js';
import { DEFAULT_CENTRAL_LISTEN } from './central.js';

/** Options of `evse demo`. */
export interface DemoOptions extends HttpSecurityOptions {
  once?: true;
  speed: number;
  tcp: HostPort;
  http: HostPort;
  listen: HostPort;
  ocppVersion: OcppVersionChoice;
  id: string;
  idTag: string;
  firmware: FirmwareVersion;
  wifi: HostPort | false;
}

/** `evse demo`: emulator + central system + bridge in one process, with a scripted session. */
export function registerDemo(program: Command, ctx: CommandContext): void {
  program
    .command('demo')
    .description(
      'emulator, central system and bridge in one process, with a scripted charging session',
    )
    .option('--once', 'exit after the scripted session (exit code 0 when it went as expected)')
    .option(
      '--speed <n>',
      'run the EV and energy model N times faster than real time',
      parsePositive,
      1,
    )
    .addOption(
      hostPortOption(
        '--tcp <host:port>',
        "serve the emulated station's RAPI over TCP",
        '127.0.0.1:8023',
      ),
    )
    .addOption(
      hostPortOption(
        '--http <host:port>',
        'serve the web dashboard and the emulator control API (evse ev)',
        '127.0.0.1:8024',
      ),
    )
    .addOption(tokenOption())
    .addOption(httpHostOption())
    .addOption(
      hostPortOption(
        '--listen <host:port>',
        'where the central system listens',
        DEFAULT_CENTRAL_LISTEN,
      ),
    )
    // 1.6 by default: what almost every central system speaks, and the demo's own serves both.
    .addOption(ocppVersionOption('1.6'))
    .option(
      '--id <chargeBoxId>',
      "the emulated charge point's identity",
      parseChargeBoxId,
      'EVSE-DEMO-1',
    )
    .option(
      '--id-tag <tag>',
      'the RFID card used in the scripted session',
      parseIdTag,
      'DEMO-TAG-1',
    )
    .addOption(firmwareOption())
    .addOption(
      hostPortOption(
        '--wifi <host:port>',
        "serve the OpenEVSE WiFi module's API (/status, /override, /claims, /r, /ws) too",
        '127.0.0.1:0',
      ),
    )
    .option('--no-wifi', "do not serve the WiFi module's API")
    .addHelpText(
      'after',
      `
The scripted session: plug in, swipe the card (OCPP Authorize), StartTransaction, charge
with live amps and energy, stop, StopTransaction, unplug. With OCPP 1.6 (the default) the
central system also limits the transaction to 10 A while it charges (SetChargingProfile,
TxProfile) and the EV's current drops to 10 A or less, then it clears the limit
(ClearChargingProfile) and the current rises again. --ocpp-version 1.5 plays the 1.5J session
without those steps; auto lets the demo's central system (it serves both) pick. The first
line says which version runs. On a controller that cannot show a plug-in while asleep
(--firmware 3.11.3) the card comes first, then the plug. Watch it in a browser at the
--http address (default http://127.0.0.1:8024/): the statechart live, meter plots, RAPI and
OCPP traffic, and buttons to plug in, swipe, charge and inject faults. Then everything
stays up until Ctrl-C; drive it from the page, or from another terminal with
"evse ev … --http URL" (the control API is on the same address) and "evse rapi tcp://…".
The WiFi module's API (what Home Assistant, evcc and the python clients speak) is served
too, on a free port unless --wifi says where; "WiFi module API listening on URL" says where.

Examples:
  evse demo
  evse demo --once --speed 20
  evse demo --ocpp-version 1.5
  evse demo --firmware 5.0.1`,
    )
    .action(async (options: DemoOptions) =>
      (await import('../actions/demo.js')).demo(ctx, options),
    );
}
