/** `/status`, `/config`, `/restart`, `/time` and the RAPI relay (WIFI-API.md §3, §5, §6, §11, §12). */
import type { ServerResponse } from 'node:http';
import type { ConfigStore } from '../config.js';
import type { StatusModel } from '../model.js';
import { isObject } from '../properties.js';
import { relayHtml, relayJson, relayRapi } from '../rapi-relay.js';
import { jsonBody, notAllowed, type Sent, sendJson, sendText, type WifiRequest } from './reply.js';

/** What the module reports about itself in `/config` (WIFI-API.md §6.1). */
export interface ModuleIdentity {
  /** 12 upper-case hex digits. */
  readonly wifiSerial: string;
  /** Module build tag; firstof9's client gates features on it, so a `v5.x.y` one. */
  readonly version: string;
  readonly buildenv: string;
}

export function status(req: WifiRequest, res: ServerResponse, model: StatusModel): Sent {
  if (req.method === 'GET') return sendJson(res, 200, model.status());
  if (req.method !== 'POST') return notAllowed(res);
  // External feeds (solar, voltage, vehicle data): echoed; this module has no divert or shaper.
  const body = jsonBody(req);
  if (!isObject(body)) return sendJson(res, 400, { msg: 'Could not parse JSON' });
  return sendJson(res, 200, body);
}

export function configView(
  config: ConfigStore,
  model: StatusModel,
  id: ModuleIdentity,
): Record<string, unknown> {
  const v = model.view();
  const cap = v.capacity;
  return {
    firmware: model.firmware(),
    protocol: '-',
    espflash: 4_194_304,
    wifi_serial: id.wifiSerial,
    version: id.version,
    buildenv: id.buildenv,
    evse_serial: '',
    min_current_hard: cap?.min ?? 6,
    max_current_hard: cap?.maxHard ?? 80,
    max_current_soft: cap?.maxSoft ?? v.station.currentCapacity,
    service: v.serviceLevel,
    mqtt_supported_protocols: ['mqtt'],
    http_supported_protocols: ['http'],
    ...config.visible(),
  };
}

export function config(
  req: WifiRequest,
  res: ServerResponse,
  store: ConfigStore,
  view: () => Record<string, unknown>,
  changed: (keys: string[]) => void,
): Sent {
  if (req.method === 'GET') return sendJson(res, 200, view());
  if (req.method !== 'POST') return sendText(res, 405, '');
  const body = jsonBody(req);
  if (!isObject(body)) return sendJson(res, 400, { msg: 'Could not parse JSON' });
  const keys = store.merge(body);
  if (keys.length > 0) changed(keys);
  return sendJson(res, 200, {
    config_version: store.version,
    msg: keys.length > 0 ? 'done' : 'no change',
  });
}

export async function restart(
  req: WifiRequest,
  res: ServerResponse,
  model: StatusModel,
  gateway: () => void,
  station: { reset(): Promise<unknown> },
): Promise<Sent> {
  // Answers are JSON sent as text/plain, as the firmware does (WIFI-API.md §11).
  const text = (status: number, body: unknown) => sendJson(res, status, body, 'text/plain');
  if (req.method === 'GET') return sendText(res, 403, 'Forbidden: use POST or the app');
  if (req.method !== 'POST') return notAllowed(res);
  const body = jsonBody(req);
  if (body === undefined) return text(400, { msg: "Couldn't parse json" });
  const device = isObject(body) ? body['device'] : undefined;
  if (device === undefined) return text(400, { msg: 'wrong payload' });
  if (device === 'gateway') {
    gateway();
    return text(200, { msg: 'restart gateway' });
  }
  if (device === 'evse') {
    await station.reset();
    void model.refresh();
    return text(200, { msg: 'restart evse' });
  }
  return text(404, { msg: 'unknown device' });
}

export function time(req: WifiRequest, res: ServerResponse, model: StatusModel): Sent {
  if (req.method !== 'GET') return notAllowed(res);
  const s = model.status();
  return sendJson(res, 200, {
    time: s['time'],
    local_time: s['local_time'],
    offset: s['offset'],
    uptime: s['uptime'],
    ntp_status: 'disabled',
    ntp_last_sync: 0,
  });
}

/** `json` present empty, `1` or `true` → JSON mode (WIFI-API.md §12). */
const jsonMode = (v: string | null) => v === '' || v === '1' || v === 'true';

export async function rapi(
  req: WifiRequest,
  res: ServerResponse,
  client: Parameters<typeof relayRapi>[0],
  fullRapi: boolean,
): Promise<Sent> {
  // Each parameter from the query, else the form body: both module generations' clients
  // send them one way or the other (WIFI-API.md §1).
  const form = req.contentType.startsWith('application/x-www-form-urlencoded')
    ? new URLSearchParams(req.body)
    : new URLSearchParams();
  const param = (name: string) => req.query.get(name) ?? form.get(name);
  const cmd = param('rapi');
  const json = jsonMode(param('json'));
  if (cmd === null) {
    return json
      ? sendText(res, 200, '', 'application/json')
      : sendText(res, 200, relayHtml(null), 'text/html');
  }
  const result = await relayRapi(client, cmd, fullRapi);
  if (json) return sendJson(res, result.status, relayJson(result));
  return sendText(res, result.status, relayHtml(result), 'text/html');
}
