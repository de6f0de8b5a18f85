/**
 * `evse fleet --mqtt`: every station gets the WiFi module's MQTT client on its own base topic
 * `PREFIX/<chargeBoxId>` (WIFI-API.md §13), announced on `openevse/announce/<chargeBoxId>`.
 * Its claims (override, claim/set, a reached limit) go on a claim book over the station's
 * arbiter, where the charge point's OCPP claim (1050) outranks manual (1000) and MQTT (500)
 * ones (WIFI-API.md §7.1): OCPP stays the authority over charging. Only made with --mqtt.
 */
import { createArbiter } from '@evse/core';
import type { StationAddonFactory } from '@evse/fleet';
import { OCPP_WAITING_CLAIM } from '@evse/ocpp15';
import { connectMqtt, createClaimBook, createWifiApi, type MqttEvent } from '@evse/wifi';
import { describeMqttEvent } from '../wifi.js';

export interface FleetMqttOptions {
  /** `mqtt://[user:pass@]HOST:PORT` (checked by `parseMqttUrl`). */
  readonly url: URL;
  /** Base topic prefix: station `id` publishes on `PREFIX/id`. */
  readonly prefix: string;
  /** Stations of this process: one line when all of them are connected. */
  readonly stations: number;
  readonly say: (line: string) => void;
}

/** The broker URL without credentials, and the credentials apart. */
function splitUrl(u: URL): { url: string; username?: string; password?: string } {
  const url = new URL(u.href);
  const username = url.username === '' ? undefined : decodeURIComponent(url.username);
  const password = url.password === '' ? undefined : decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  return {
    url: url.href.replace(/\/$/, ''),
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
  };
}

/** The fleet's add-on factory for `--mqtt`; it says what matters once, not per station. */
export function fleetMqtt(options: FleetMqttOptions): StationAddonFactory {
  const broker = splitUrl(options.url);
  const told = new Set<string>();
  const connected = new Set<string>();
  const tell = (e: MqttEvent): void => {
    if (e.type === 'connected' || e.type === 'disconnected') return;
    const line = describeMqttEvent(e);
    if (line && !told.has(line)) {
      told.add(line);
      options.say(line);
    }
  };
  return async (id, station) => {
    const arbiter = createArbiter(station);
    const book = createClaimBook(arbiter);
    // Asleep until the charge point authorizes someone (FIELD-FIRMWARE.md §1); the charge
    // point re-claims the same on the book when it starts.
    book.claim(OCPP_WAITING_CLAIM);
    try {
      await arbiter.start();
    } catch (error) {
      arbiter.close();
      throw error;
    }
    let ocppUp = false;
    const base = `${options.prefix}/${id}`;
    const api = createWifiApi({
      station,
      book,
      name: `fleet:${id}`,
      // The module's 4-hex defaults would collide in a fleet (client id and announce topic).
      config: { hostname: id, mqtt_topic: base, mqtt_announce_topic: `openevse/announce/${id}` },
      ocppConnected: () => ocppUp,
    });
    const mqtt = connectMqtt(api, { ...broker, base });
    const log = mqtt.events$.subscribe((e) => {
      tell(e);
      if (e.type !== 'connected' || connected.has(id)) return;
      connected.add(id);
      if (connected.size === options.stations)
        options.say(
          `MQTT: all ${options.stations} stations connected to ${broker.url}, base topics ${options.prefix}/<id>`,
        );
    });
    let ocppSub: { unsubscribe(): void } | null = null;
    return {
      arbiter: book,
      attach(chargePoint) {
        ocppSub = chargePoint.events$.subscribe((e) => {
          if (e.type === 'connected') ocppUp = true;
          else if (e.type === 'disconnected') ocppUp = false;
        });
      },
      async close() {
        ocppSub?.unsubscribe();
        await mqtt.close();
        log.unsubscribe();
        api.close();
        arbiter.close();
      },
    };
  };
}
