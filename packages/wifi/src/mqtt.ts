/**
 * The module's MQTT client (WIFI-API.md §13.2–13.5) with MQTT.js: retained announce with the
 * same topic as last will, every status key on `<base>/<key>` (on change and in the 30 s full
 * event), retained `override`/`claim`/`limit`/`config`, the `/set` control topics, `restart`,
 * and `rapi/in/$XX` → `rapi/out`. Reconnects with backoff; a refused CONNACK is an event,
 * never a crash.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { type Observable, Subject, type Subscription } from 'rxjs';
import type { WifiApi } from './api.js';
import { toggleOverride } from './claims.js';
import { CLIENTS } from './clients.js';
import { readLimit } from './limit.js';
import { isObject, propertiesJson, readProperties } from './properties.js';
import { relayRapi } from './rapi-relay.js';

export interface MqttOptions {
  /** `mqtt://HOST:PORT` */
  readonly url: string;
  /** Base topic. @default the module's `mqtt_topic` (its hostname) */
  readonly base?: string;
  readonly username?: string;
  readonly password?: string;
  /** Where the module's HTTP API is, for the announce. */
  readonly httpUrl?: string;
  /** First retry delay, doubled up to `maxBackoffMs`. @default 1000 */
  readonly backoffMs?: number;
  /** @default 30000 */
  readonly maxBackoffMs?: number;
}

/** Why a broker refused the session (CONNACK codes, as the module names them). */
export type MqttRefusal = 'auth' | 'unavailable' | 'id_rejected' | 'version';

export type MqttEvent =
  | { readonly type: 'connected'; readonly url: string; readonly base: string }
  | { readonly type: 'disconnected'; readonly url: string; readonly retryInMs: number }
  | {
      readonly type: 'refused';
      readonly url: string;
      readonly reason: MqttRefusal;
      readonly message: string;
    }
  | { readonly type: 'error'; readonly url: string; readonly message: string };

export interface ModuleMqtt {
  readonly base: string;
  readonly events$: Observable<MqttEvent>;
  close(): Promise<void>;
}

const REFUSALS: Record<number, MqttRefusal> = {
  1: 'version',
  2: 'id_rejected',
  3: 'unavailable',
  4: 'auth',
  5: 'auth',
  // MQTT 5 reason codes
  132: 'version',
  133: 'id_rejected',
  134: 'auth',
  135: 'auth',
  136: 'unavailable',
};

const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function parseJson(payload: string): unknown {
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return undefined;
  }
}

/** Connect `api`'s module to the broker at `options.url`. */
export function connectMqtt(api: WifiApi, options: MqttOptions): ModuleMqtt {
  const { model, book, config } = api;
  const hostname = String(config.get('hostname'));
  const base = options.base ?? String(config.get('mqtt_topic'));
  const announce = String(config.get('mqtt_announce_topic'));
  const id = api.identity.wifiSerial.toLowerCase();
  const events = new Subject<MqttEvent>();
  const url = options.url;
  const backoff0 = options.backoffMs ?? 1000;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  let backoff = backoff0;
  let retry: NodeJS.Timeout | null = null;
  let closed = false;
  let lastRefusal = '';
  // `<base>/override/set` and `<base>/claim/set` merge into what was sent before (§13.4).
  let overrideSet: Record<string, unknown> = {};
  let claimSet: Record<string, unknown> = {};

  const client: MqttClient = mqtt.connect(url, {
    clientId: hostname,
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.password === undefined ? {} : { password: options.password }),
    reconnectPeriod: 0, // our own backoff below
    connectTimeout: 10_000,
    will: {
      topic: announce,
      payload: Buffer.from(JSON.stringify({ state: 'disconnected', id, name: hostname })),
      retain: true,
      qos: 0,
    },
  });

  const retained = { retain: true };
  const live = () => ({ retain: config.get('mqtt_retained') === true });
  const publish = (topic: string, payload: string, opts = live()) => {
    if (client.connected) client.publish(topic, payload, opts);
  };
  const publishOverride = () => {
    const c = book.get(CLIENTS.manual.id);
    publish(
      `${base}/override`,
      JSON.stringify(c ? propertiesJson(c.properties) : { state: 'null' }),
      retained,
    );
  };
  const publishClaim = () => {
    const c = book.get(CLIENTS.mqtt.id);
    publish(
      `${base}/claim`,
      JSON.stringify(
        c ? { priority: c.priority, ...propertiesJson(c.properties) } : { state: 'null' },
      ),
      retained,
    );
  };
  const publishLimit = () => {
    const l = model.limit.get();
    publish(
      `${base}/limit`,
      JSON.stringify(l ?? { type: 'none', value: 0, auto_release: true }),
      retained,
    );
  };
  const publishConfig = () => publish(`${base}/config`, JSON.stringify(api.configJson()), retained);
  const publishStatus = (keys: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(keys)) publish(`${base}/${k}`, text(v));
  };

  async function onMessage(topic: string, payload: string): Promise<void> {
    const rest = topic.slice(base.length + 1);
    if (rest === 'override/set') {
      if (payload === 'toggle') toggleOverride(book);
      else if (payload === 'clear') {
        overrideSet = {};
        book.drop(CLIENTS.manual.id);
      } else {
        const body = parseJson(payload);
        if (!isObject(body)) return;
        overrideSet = { ...overrideSet, ...body };
        const p = readProperties(overrideSet, { auto_release: true });
        book.put(CLIENTS.manual.id, p, CLIENTS.manual.priority);
      }
      publishOverride();
    } else if (rest === 'claim/set') {
      if (payload === 'release') {
        claimSet = {};
        book.drop(CLIENTS.mqtt.id);
      } else {
        const body = parseJson(payload);
        if (!isObject(body)) return;
        claimSet = { ...claimSet, ...body };
        const p = readProperties(claimSet, { auto_release: false });
        book.put(CLIENTS.mqtt.id, p, CLIENTS.mqtt.priority);
      }
      publishClaim();
    } else if (rest === 'limit/set') {
      if (payload === 'clear') model.limit.clear();
      else {
        const l = readLimit(parseJson(payload));
        if (l) model.limit.set(l);
      }
      publishLimit();
    } else if (rest === 'config/set') {
      const body = parseJson(payload);
      if (isObject(body) && config.merge(body).length > 0) publishConfig();
    } else if (rest === 'restart') {
      const body = parseJson(payload);
      const device = isObject(body) ? body['device'] : undefined;
      if (device === 'evse') await api.station.reset();
      else if (device === 'gateway') restartSession();
    } else if (rest.startsWith('rapi/in/')) {
      const at = topic.indexOf('$');
      if (at < 0) return;
      const cmd = payload === '' ? topic.slice(at) : `${topic.slice(at)} ${payload}`;
      const r = await relayRapi(api.station.client, cmd, api.fullRapi);
      // Blocked commands and timeouts publish nothing (WIFI-API.md §13.5).
      if (r.ret !== undefined) publish(`${base}/rapi/out`, r.ret, { retain: false });
    }
  }

  /** A gateway restart: drop the session (the broker sends the will) and connect again. */
  function restartSession(): void {
    if (closed) return;
    client.end(true, {}, () => scheduleRetry(0));
  }

  function scheduleRetry(delay: number): void {
    if (closed || retry) return;
    events.next({ type: 'disconnected', url, retryInMs: delay });
    retry = setTimeout(() => {
      retry = null;
      if (!closed) client.reconnect();
    }, delay);
    retry.unref();
  }

  client.on('connect', () => {
    backoff = backoff0;
    lastRefusal = '';
    model.setMqtt({ connected: true, status: 'connected' });
    client.publish(
      announce,
      JSON.stringify({
        state: 'connected',
        id,
        name: hostname,
        mqtt: base,
        ...(options.httpUrl ? { http: `${options.httpUrl}/` } : {}),
      }),
      retained,
    );
    client.subscribe(
      ['override/set', 'claim/set', 'limit/set', 'config/set', 'restart', 'rapi/in/#'].map(
        (t) => `${base}/${t}`,
      ),
    );
    publishOverride();
    publishClaim();
    publishLimit();
    publishConfig();
    publishStatus(model.status());
    events.next({ type: 'connected', url, base });
  });
  client.on('message', (topic, buf) => {
    void onMessage(topic, buf.toString('utf8')).catch((error: unknown) =>
      events.next({ type: 'error', url, message: String(error) }),
    );
  });
  client.on('error', (error: Error & { code?: number | string }) => {
    const reason = typeof error.code === 'number' ? REFUSALS[error.code] : undefined;
    const key = `${reason ?? ''}:${error.message}`;
    if (key === lastRefusal) return; // one line per distinct problem, not one per retry
    lastRefusal = key;
    if (reason) events.next({ type: 'refused', url, reason, message: error.message });
    else events.next({ type: 'error', url, message: error.message });
  });
  client.on('close', () => {
    if (closed) return;
    model.setMqtt({ connected: false, status: 'disconnected' });
    const delay = backoff;
    backoff = Math.min(maxBackoff, backoff * 2);
    scheduleRetry(delay);
  });
  model.setMqtt({ connected: false, status: 'connecting' });

  const subs: Subscription[] = [
    model.events$.subscribe((delta) => {
      publishStatus(delta);
      if ('limit_version' in delta) publishLimit();
    }),
    book.changes$.subscribe((c) => {
      if (c.client === CLIENTS.manual.id) publishOverride();
      if (c.client === CLIENTS.mqtt.id) publishClaim();
    }),
    api.events$.subscribe((e) => {
      if (e.type === 'config') publishConfig();
      if (e.type === 'restart') restartSession();
    }),
  ];

  return {
    base,
    events$: events.asObservable(),
    close() {
      closed = true;
      if (retry) clearTimeout(retry);
      for (const s of subs) s.unsubscribe();
      model.setMqtt({ connected: false, status: 'disabled' });
      events.complete();
      // A clean disconnect: the will is not sent, so announce the disconnection ourselves.
      return new Promise<void>((resolve) => {
        if (!client.connected) {
          client.end(true, {}, () => resolve());
          return;
        }
        client.publish(
          announce,
          JSON.stringify({ state: 'disconnected', id, name: hostname }),
          retained,
          () => client.end(false, {}, () => resolve()),
        );
      });
    },
  };
}
