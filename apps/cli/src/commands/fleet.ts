import { parseShard, type Shard } from '@evse/fleet';
import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  type HostPort,
  hostPortOption,
  parseChargeBoxId,
  parseCount,
  parsePositive,
  parseWsUrl,
} from '../args.js';
import type { CommandContext } from '../context.js';
import { type HttpSecurityOptions, httpHostOption, tokenOption } from '../http/security.js';
import { addOcppSecurityOptions, type OcppSecurityCliOptions } from '../ocpp-security.js';
import { type OcppVersionChoice, ocppVersionOption } from '../ocpp-version.js';
import { parseMqttUrl, parseTopicBase } from '../wifi.js';

/** Options of `evse fleet`. */
export interface FleetCommandOptions extends HttpSecurityOptions, OcppSecurityCliOptions {
  count: number;
  ocpp: URL;
  ocppVersion: OcppVersionChoice | 'mix';
  idPrefix: string;
  scenario?: string;
  seed: number;
  shard?: Shard;
  speed: number;
  concurrency: number;
  duration?: number;
  http?: HostPort;
  mqtt?: URL;
  mqttBase?: string;
  json?: true;
}

const parseSeed = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected a whole number');
  return n;
};
const parseShardArg = (value: string): Shard => {
  try {
    return parseShard(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
};

/** `evse fleet`: N emulated stations, each a full stack with its own WebSocket, in one process. */
export function registerFleet(program: Command, ctx: CommandContext): void {
  const command = program
    .command('fleet')
    .description('run N emulated stations as OCPP 1.5 or 1.6 charge points of one central system')
    .requiredOption('--count <n>', 'stations in the whole fleet (all shards)', parseCount)
    .requiredOption(
      '--ocpp <ws-url>',
      'central system endpoint (each chargeBoxId is appended)',
      parseWsUrl,
    )
    .option(
      '--id-prefix <prefix>',
      'chargeBoxId prefix (ids are PREFIX + zero-padded index)',
      // The prefix is checked as the id it starts (STEVE.md §1.1): `a/b` is a usage error.
      (value: string) => `${parseChargeBoxId(`${value}0`).slice(0, -1)}`,
      'EVSE-',
    )
    .addOption(ocppVersionOption('1.5', { fleet: true }))
    .option('--scenario <file>', 'scenario JSON: arrivals, EVs, sessions, tags, faults')
    .option('--seed <n>', 'random seed; the same seed replays the same fleet', parseSeed, 1)
    .option(
      '--shard <I/N>',
      'run only stations with index % N == I (default: $JOB_COMPLETION_INDEX/$EVSE_FLEET_SHARDS when both are set, else the whole fleet)',
      parseShardArg,
    )
    .option('--speed <x>', 'station time runs X times faster than real time', parsePositive, 1)
    .option('--concurrency <n>', 'stations connecting and booting at once', parseCount, 128)
    .option(
      '--duration <s>',
      'stop after S seconds (default: when every station is done)',
      parsePositive,
    )
    .addOption(
      hostPortOption(
        '--http <host:port>',
        'serve the web dashboard (the fleet table), GET /api/status and GET /metrics on HOST:PORT',
      ),
    )
    .addOption(
      new Option(
        '--mqtt <url>',
        "each station runs the WiFi module's MQTT client: broker mqtt://[user:pass@]HOST:PORT",
      ).argParser(parseMqttUrl),
    )
    .addOption(
      new Option(
        '--mqtt-base <prefix>',
        'base topic prefix of --mqtt: station ID publishes on PREFIX/ID (default openevse)',
      ).argParser(parseTopicBase),
    )
    .addOption(tokenOption())
    .addOption(httpHostOption())
    .option('--json', 'print the summary as JSON lines');
  addOcppSecurityOptions(command)
    .addHelpText(
      'after',
      `
Each station is a full stack: an emulated OpenEVSE, the RAPI Station facade and an OCPP 1.5J
or 1.6J charge point with its own WebSocket. The live line shows stations connected, booted and
charging, transactions started/stopped, undelivered messages (queue), errors and OCPP
messages per second. Ends when every station has run its scenario sessions and all
transaction messages are delivered, at --duration, or on Ctrl-C.
The central system must accept the scenario's tags (default FLEET-TAG) for many open
transactions at once (evse central --allow-any --tags FLEET-TAG --tag-sessions N).
Exits 1, naming each cause, unless every station booted, nothing failed and no card was
refused. Each station holds one socket: raise "ulimit -n" for big fleets.
With --password (or EVSE_OCPP_PASSWORD), --ca and --cert/--key every station connects with
OCPP security profile 1, 2 or 3, as evse bridge does; the password is never printed.
With --http, open http://HOST:PORT/ in a browser: every station's state, transaction and
energy in a sortable, filterable table, updated every second; GET /api/status on the same
address answers the live summary as JSON, GET /metrics the Prometheus metrics. "Dashboard at
URL" says where it ended up.
With --mqtt, every station connects to the broker as the WiFi module does (one connection
each): retained announce on openevse/announce/ID, status keys on PREFIX/ID/<key>, and it obeys
PREFIX/ID/override/set, claim/set, limit/set, restart and rapi/in/$XX. As on the module, the
OCPP claim outranks the override and claim/set: only OCPP lets a station charge; a reached
limit/set (which can only stop charging) ranks above it.

Examples:
  evse fleet --count 1000 --ocpp ws://127.0.0.1:8180/steve/websocket/CentralSystemService
  evse fleet --count 10 --ocpp ws://127.0.0.1:8180/steve/websocket/CentralSystemService --mqtt mqtt://127.0.0.1:1883
  evse fleet --count 10000 --shard 2/4 --scenario rush-hour.json --seed 7 --speed 60 --ocpp ws://steve:8180/steve/websocket/CentralSystemService`,
    )
    .action(async (options: FleetCommandOptions) =>
      (await import('../actions/fleet.js')).fleet(ctx, options),
    );
}
