import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  type HostPort,
  hostPortOption,
  parseChargeBoxId,
  parseHttpUrl,
  parseIdTag,
  parseWsUrl,
} from '../args.js';
import { DEFAULT_SHUTDOWN_WAIT_S } from '../bridge/shutdown.js';
import type { CommandContext } from '../context.js';
import { type HttpSecurityOptions, httpHostOption, tokenOption } from '../http/security.js';
import { addOcppSecurityOptions, type OcppSecurityCliOptions } from '../ocpp-security.js';
import { type OcppVersionChoice, ocppVersionOption } from '../ocpp-version.js';
import { addWifiOptions, type WifiCliOptions } from '../wifi.js';

/** Options of `evse bridge`. */
export interface BridgeOptions extends HttpSecurityOptions, WifiCliOptions, OcppSecurityCliOptions {
  port: string;
  ocpp: URL;
  ocppVersion: OcppVersionChoice;
  id: string;
  idTag?: string;
  queue?: string;
  shutdownWait: number;
  http?: HostPort;
  cardReader?: URL;
  json?: true;
}

/** Commander argument parser for a number of seconds ≥ 0. */
function parseSeconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError('expected a number of seconds >= 0');
  return n;
}

/** `evse bridge`: a station as an OCPP 1.5 or 1.6 charge point. */
export function registerBridge(program: Command, ctx: CommandContext): void {
  const command = program
    .command('bridge')
    .description('make a station an OCPP 1.5 or 1.6 charge point of a central system (e.g. SteVe)')
    .requiredOption('--port <port>', 'the station: device path, tcp://HOST:PORT or emulator')
    .requiredOption(
      '--ocpp <ws-url>',
      'central system endpoint (the chargeBoxId is appended)',
      parseWsUrl,
    )
    .requiredOption(
      '--id <chargeBoxId>',
      "this charge point's identity in the central system",
      parseChargeBoxId,
    )
    .addOption(ocppVersionOption('1.5'))
    .option(
      '--id-tag <tag>',
      'authorize TAG when an EV is plugged in without a card swipe',
      parseIdTag,
    )
    .option('--queue <dir>', 'keep undelivered transaction messages in DIR across restarts')
    .option(
      '--card-reader <url>',
      'take card swipes from the control API of `evse emulate --http` at URL (evse ev authorize)',
      parseHttpUrl,
    )
    .addOption(
      new Option(
        '--shutdown-wait <seconds>',
        'without --queue: how long a shutdown waits to deliver what is still in memory',
      )
        .default(DEFAULT_SHUTDOWN_WAIT_S)
        .argParser(parseSeconds),
    )
    .addOption(
      hostPortOption(
        '--http <host:port>',
        'serve the web dashboard and card swipes (evse ev authorize) on HOST:PORT',
      ),
    )
    .addOption(tokenOption())
    .addOption(httpHostOption())
    .option('--json', 'print events as JSON lines');
  addWifiOptions(addOcppSecurityOptions(command))
    .addHelpText(
      'after',
      `
The station idles asleep ($FS) until someone is authorized (card swipe accepted, local
list or cache, RemoteStartTransaction, or --id-tag on plug-in), then is woken ($FE) for
that transaction and put back to sleep when it ends; the bridge says each time it does so
and why. This works on any controller build (no $S4 needed); one that cannot sleep is refused.
Shows the connection state, transactions and the queue length live. With --queue, messages
not yet delivered (StartTransaction, StopTransaction, MeterValues) survive restarts and are
sent when the central system is reachable again; a damaged queue file is moved aside (the
bridge says where). Without --queue they are kept in memory: on Ctrl-C, SIGTERM or SIGHUP
the bridge waits up to --shutdown-wait seconds to deliver them, then names what was lost
and exits 1.
With --http, open http://HOST:PORT/ in a browser for the dashboard: the statechart live,
meter plots, RAPI and OCPP traffic, and a card-swipe form (with --port emulator also
buttons to plug in, charge and inject faults). The same address takes card swipes,
"evse ev authorize TAG --http http://HOST:PORT": for a real station POST {"idTag":"TAG"}
to /api/authorize (or /api/swipe); with --port emulator it is the emulator's whole control
API (POST /api/swipe, "evse ev connect", …). GET /api/status reports the state, GET /metrics
the Prometheus metrics.
Port 0 picks a free port; "Dashboard at URL" says where it ended up.
--ocpp-version 1.6 speaks OCPP 1.6J (statuses Preparing/Charging/SuspendedEV/…, smart
charging: a charging profile's limit goes to the controller as $SC <amps> V, below 6 A the EVSE
sleeps; TriggerMessage). --ocpp-version auto offers both and speaks what the central system
picks; the first line says which.
With --password (or EVSE_OCPP_PASSWORD) the bridge sends HTTP Basic auth id:password on the
WebSocket upgrade (OCPP security profile 1; profile 2 with a wss:// --ocpp URL, the central
system's certificate checked against the system store or --ca FILE; profile 3 adds a client
certificate with --cert FILE --key FILE). A refused password or certificate is reported in one
line and retried with back-off; the password is never printed.
With --wifi (and --mqtt) the bridge is the whole WiFi module: its HTTP/WebSocket API and MQTT
client, whose manual override and MQTT claims rank below the OCPP claim, as in the module.

Examples:
  evse bridge --port /dev/ttyUSB0 --ocpp ws://steve:8180/steve/websocket/CentralSystemService --id CP-1 --queue /var/lib/evse
  evse bridge --port emulator --ocpp ws://127.0.0.1:8180/steve/websocket/CentralSystemService --id CP-1 --id-tag 04A2B3C4
  evse bridge --port tcp://127.0.0.1:8023 --ocpp ws://127.0.0.1:8180/steve/websocket/CentralSystemService --id CP-2 --http 127.0.0.1:8025
  evse bridge --port tcp://127.0.0.1:8023 --ocpp ws://127.0.0.1:8180/steve/websocket/CentralSystemService --id CP-3 --card-reader http://127.0.0.1:8024
  EVSE_OCPP_PASSWORD=secret evse bridge --port /dev/ttyUSB0 --ocpp wss://cs.example:8443/ocpp --id CP-5 --ca ca.pem --ocpp-version 1.6
  evse bridge --port /dev/ttyUSB0 --ocpp ws://steve:8180/steve/websocket/CentralSystemService --id CP-4 --wifi 0.0.0.0:80 --wifi-password PASS --mqtt mqtt://broker:1883`,
    )
    .action(async (options: BridgeOptions) =>
      (await import('../actions/bridge.js')).bridge(ctx, options),
    );
}
