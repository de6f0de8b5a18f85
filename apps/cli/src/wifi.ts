/**
 * `--wifi`, `--mqtt` and their companions on `evse emulate` and `evse bridge`: the station
 * also gets the OpenEVSE WiFi module's HTTP/WebSocket API and MQTT client (@evse/wifi), with
 * every claim — the module's override, MQTT, the bridge's OCPP — on the station's one arbiter.
 */

import type { DashboardClaims } from '@evse/dashboard';
import {
  type ClaimBook,
  connectMqtt,
  type ModuleStation,
  type MqttEvent,
  serveWifiApi,
} from '@evse/wifi';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { map, type Observable, startWith } from 'rxjs';
import { type HostPort, hostPortOption } from './args.js';
import { UsageError } from './errors.js';
import type { Cleanup } from './lifecycle.js';

/** The options this file adds. */
export interface WifiCliOptions {
  readonly wifi?: HostPort;
  readonly wifiUser?: string;
  readonly wifiPassword?: string;
  readonly mqtt?: URL;
  readonly mqttBase?: string;
  readonly rapiRelease?: true;
}

/** Commander parser for `--mqtt`: `mqtt://[user:pass@]HOST:PORT`. */
export function parseMqttUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('expected a URL like mqtt://127.0.0.1:1883');
  }
  if (url.protocol !== 'mqtt:' && url.protocol !== 'mqtts:') {
    throw new InvalidArgumentError('expected an mqtt:// or mqtts:// URL');
  }
  return url;
}

/** Commander parser for `--mqtt-base`: one topic level or more, without wildcards. */
export function parseTopicBase(value: string): string {
  if (!/^[^#+/\s][^#+\s]*$/.test(value) || value.endsWith('/')) {
    throw new InvalidArgumentError('expected a topic without wildcards, e.g. openevse-1a2b');
  }
  return value;
}

/** Add the module's options to `command`. */
export function addWifiOptions(command: Command): Command {
  return command
    .addOption(
      hostPortOption(
        '--wifi <host:port>',
        "serve the OpenEVSE WiFi module's API (/status, /config, /override, /claims, /r, /ws)",
      ),
    )
    .option('--wifi-user <name>', 'HTTP Basic user of --wifi (default openevseadmin)')
    .option('--wifi-password <password>', 'require HTTP Basic auth on --wifi (needed off loopback)')
    .option('--rapi-release', 'relay only $G…, $F0, $FB on /r and rapi/in, as release builds do')
    .addOption(
      new Option(
        '--mqtt <url>',
        "the module's MQTT client: broker mqtt://[user:pass@]HOST:PORT",
      ).argParser(parseMqttUrl),
    )
    .addOption(
      new Option('--mqtt-base <name>', 'MQTT base topic (default the module hostname)').argParser(
        parseTopicBase,
      ),
    );
}

/** Usage errors of the module's options, before anything starts. */
export function checkWifiOptions(options: WifiCliOptions): void {
  if (options.mqtt && !options.wifi) {
    throw new UsageError('--mqtt: needs --wifi (the module the MQTT client belongs to)');
  }
}

/**
 * The claims on the arbiter for the dashboard, by the arbiter's names (`ocpp`, `ocpp-smart`,
 * `manual`, `client:262145`, …): who holds the EVSE and the current limit in force.
 */
export function claimsSource(book: ClaimBook): Observable<DashboardClaims> {
  const view = (): DashboardClaims => {
    const t = book.target();
    return {
      claims: book.arbiterClaims().map((c) => ({
        client: c.client,
        priority: c.priority,
        ...(c.state === undefined ? {} : { state: c.state }),
        ...(c.chargeCurrent === undefined ? {} : { chargeCurrent: c.chargeCurrent }),
        ...(c.maxCurrent === undefined ? {} : { maxCurrent: c.maxCurrent }),
      })),
      target:
        t === null
          ? null
          : {
              state: t.state,
              client: t.client,
              ...(t.chargeCurrent === undefined ? {} : { chargeCurrent: t.chargeCurrent }),
              ...(t.currentClient === undefined ? {} : { currentClient: t.currentClient }),
            },
    };
  };
  return book.changes$.pipe(
    startWith(null),
    map(() => view()),
  );
}

/** Whether the charge point's WebSocket is up, for `/status` `ocpp_connected`. */
export function ocppConnection(
  events$: Observable<{ readonly type: string }>,
  cleanup: Cleanup,
): () => boolean {
  let up = false;
  const sub = events$.subscribe((e) => {
    if (e.type === 'connected') up = true;
    else if (e.type === 'disconnected') up = false;
  });
  cleanup.add('the OCPP state', () => sub.unsubscribe());
  return () => up;
}

/** One line per MQTT event worth telling the user. */
export function describeMqttEvent(e: MqttEvent): string | null {
  switch (e.type) {
    case 'connected':
      return `MQTT: connected to ${e.url}, base topic ${e.base}`;
    case 'disconnected':
      return null;
    case 'refused':
      return `MQTT: ${e.url} refused the connection (${e.reason === 'auth' ? 'bad user name or password' : e.reason}); retrying`;
    case 'error':
      return `MQTT: ${e.url}: ${e.message}; retrying`;
  }
}

/**
 * Serve the module for `station` (its claims on `book`) as the options ask; nothing when
 * neither `--wifi` nor `--mqtt` is given. Prints where it listens.
 */
export async function startWifi(args: {
  readonly station: ModuleStation;
  readonly book: ClaimBook;
  readonly options: WifiCliOptions;
  /** What the module id is derived from (the charge box id, the port). */
  readonly name: string;
  readonly say: (line: string) => void;
  readonly cleanup: Cleanup;
  readonly ocppConnected?: () => boolean;
}): Promise<void> {
  const { options, say, cleanup } = args;
  checkWifiOptions(options);
  if (!options.wifi) return;
  const address = options.wifi as HostPort;
  let served: Awaited<ReturnType<typeof serveWifiApi>>;
  try {
    served = await serveWifiApi({
      station: args.station,
      book: args.book,
      host: address.host,
      port: address.port,
      name: args.name,
      fullRapi: options.rapiRelease !== true,
      ...(options.wifiPassword === undefined
        ? {}
        : {
            auth: {
              password: options.wifiPassword,
              ...(options.wifiUser === undefined ? {} : { username: options.wifiUser }),
            },
          }),
      ...(options.mqttBase === undefined ? {} : { config: { mqtt_topic: options.mqttBase } }),
      ...(args.ocppConnected ? { ocppConnected: args.ocppConnected } : {}),
    });
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(`--wifi-password: ${error.message}`);
    throw error;
  }
  cleanup.add('the WiFi module API', () => served.close());
  say(
    `WiFi module API listening on ${served.url} (status: ${served.url}/status, ws: ${served.url.replace('http', 'ws')}/ws)`,
  );
  if (options.mqtt) {
    const url = new URL(options.mqtt.href);
    const username = url.username === '' ? undefined : decodeURIComponent(url.username);
    const password = url.password === '' ? undefined : decodeURIComponent(url.password);
    url.username = '';
    url.password = '';
    const client = connectMqtt(served.api, {
      url: url.href.replace(/\/$/, ''),
      httpUrl: served.url,
      ...(options.mqttBase === undefined ? {} : { base: options.mqttBase }),
      ...(username === undefined ? {} : { username }),
      ...(password === undefined ? {} : { password }),
    });
    const log = client.events$.subscribe((e) => {
      const line = describeMqttEvent(e);
      if (line) say(line);
    });
    cleanup.add('the MQTT client', async () => {
      await client.close();
      log.unsubscribe();
    });
    say(`MQTT: connecting to ${url.host} as base topic ${client.base}`);
  }
}
