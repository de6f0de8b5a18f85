/**
 * `createWifiApi`: the OpenEVSE WiFi module's HTTP and WebSocket API (WIFI-API.md) over any
 * core `Station`, as a node request handler and upgrade handler; `serveWifiApi` listens.
 */
import { createHash } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { requestPath } from '@evse/core';
import { type Observable, Subject } from 'rxjs';
import type { ClaimBook } from './claims.js';
import { type ConfigStore, type ConfigValue, createConfigStore } from './config.js';
import { type BasicAuth, checkGuardOptions, guard } from './guard.js';
import { createStatusModel, type ModuleStation, type StatusModel } from './model.js';
import { claims, limit, override } from './routes/claims.js';
import {
  config,
  configView,
  type ModuleIdentity,
  rapi,
  restart,
  status,
  time,
} from './routes/module.js';
import { type Sent, sendJson, sendText, type WifiRequest } from './routes/reply.js';
import { createWsHub } from './ws.js';

export interface WifiApiOptions {
  readonly station: ModuleStation;
  /** The claim book over the station's arbiter (`createClaimBook(arbiter)`). */
  readonly book: ClaimBook;
  /** The address the server is bound to (for the Host check). @default '127.0.0.1' */
  readonly host?: string;
  readonly hostNames?: readonly string[];
  /** The module's Basic auth; required (or `token`) off loopback. */
  readonly auth?: BasicAuth;
  /** A bearer token, as the other evse surfaces take. */
  readonly token?: string;
  /**
   * Relay every RAPI command on `/r` and `rapi/in` (a debug build's `ENABLE_FULL_RAPI`);
   * false = a release build: only `$G…`, `$F0`, `$FB` (WIFI-API.md §12). @default true
   */
  readonly fullRapi?: boolean;
  /** A name to derive the module id (`wifi_serial`) from, e.g. the station's id. @default 'evse' */
  readonly name?: string;
  /** Stored options to start with (`mqtt_topic`, `hostname`, …). */
  readonly config?: Readonly<Record<string, ConfigValue>>;
  /** Whether the bridge's OCPP connection is up (`ocpp_connected`). */
  readonly ocppConnected?: () => boolean;
  /** Meter poll while charging and full-status period, ms. @default 1000, 30000 */
  readonly pollMs?: number;
  readonly fullMs?: number;
}

/** What the API does besides answering (libraries emit, the CLI prints). */
export type WifiApiEvent =
  | { readonly type: 'restart'; readonly device: 'gateway' }
  | { readonly type: 'config'; readonly keys: readonly string[] };

export interface WifiApi {
  readonly handleRequest: RequestListener;
  /** Serves `/ws`; other paths are refused. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  readonly station: ModuleStation;
  readonly model: StatusModel;
  readonly book: ClaimBook;
  readonly config: ConfigStore;
  readonly identity: ModuleIdentity;
  /** `GET /config`'s object (secrets hidden). */
  configJson(): Record<string, unknown>;
  readonly fullRapi: boolean;
  readonly events$: Observable<WifiApiEvent>;
  close(): void;
}

/** 12 upper-case hex digits, stable for a name (a MAC-like module id, WIFI-API.md §6.1). */
export function moduleSerial(name: string): string {
  return createHash('sha256').update(name).digest('hex').slice(0, 12).toUpperCase();
}

const MAX_BODY = 16 * 1024;

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function createWifiApi(o: WifiApiOptions): WifiApi {
  const guardOptions = {
    host: o.host ?? '127.0.0.1',
    hostNames: o.hostNames,
    auth: o.auth,
    token: o.token,
  };
  checkGuardOptions(guardOptions);
  const serial = moduleSerial(o.name ?? 'evse');
  const identity: ModuleIdentity = {
    wifiSerial: serial,
    version: 'v5.1.5',
    buildenv: 'openevse_wifi_v1',
  };
  const store = createConfigStore(serial.slice(-4).toLowerCase(), { ...o.config });
  const mac = serial.replace(/(..)(?!$)/g, '$1:').toLowerCase();
  const model = createStatusModel({
    station: o.station,
    book: o.book,
    config: store,
    mac,
    ip: guardOptions.host,
    ...(o.ocppConnected ? { ocppConnected: o.ocppConnected } : {}),
    ...(o.pollMs === undefined ? {} : { pollMs: o.pollMs }),
    ...(o.fullMs === undefined ? {} : { fullMs: o.fullMs }),
  });
  const hub = createWsHub(model);
  const events = new Subject<WifiApiEvent>();
  const fullRapi = o.fullRapi ?? true;
  const configJson = () => configView(store, model, identity);

  // The module reboots; here its connections go: /ws clients reconnect, MQTT reconnects and
  // announces again (the `restart` event, which connectMqtt follows).
  const restartGateway = () => {
    setTimeout(() => {
      hub.dropAll();
      events.next({ type: 'restart', device: 'gateway' });
    }, 100).unref();
  };

  async function route(r: WifiRequest, res: ServerResponse): Promise<Sent> {
    const p = r.path;
    if (p === '/status') return status(r, res, model);
    if (p === '/config')
      return config(r, res, store, configJson, (keys) => events.next({ type: 'config', keys }));
    if (p === '/override') return override(r, res, o.book);
    if (p === '/claims' || p.startsWith('/claims/')) return claims(r, res, o.book);
    if (p.startsWith('/limit')) return limit(r, res, model);
    if (p === '/restart') return restart(r, res, model, restartGateway, o.station);
    if (p.startsWith('/time')) return time(r, res, model);
    if (p === '/r' || p === '/rapi') return rapi(r, res, o.station.client, fullRapi);
    return sendText(res, 404, '');
  }

  const handleRequest: RequestListener = (req, res) => {
    const refusal = guard(req, guardOptions);
    if (refusal) {
      res.writeHead(refusal.status, { 'content-type': 'application/json', ...refusal.headers });
      res.end(Object.keys(refusal.body).length ? JSON.stringify(refusal.body) : '');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://module');
    void readBody(req)
      .then((body) => {
        if (body === null) return sendJson(res, 413, { msg: 'Payload too large' });
        return route(
          {
            method: (req.method ?? 'GET').toUpperCase(),
            path: requestPath(req.url),
            query: url.searchParams,
            body,
            contentType: (req.headers['content-type'] ?? '').toLowerCase(),
          },
          res,
        );
      })
      .catch(() => {
        if (res.headersSent) res.destroy();
        else sendJson(res, 500, { msg: 'error' });
      });
  };

  return {
    handleRequest,
    handleUpgrade(req, socket, head) {
      const refusal = requestPath(req.url) === '/ws' ? guard(req, guardOptions) : { status: 404 };
      if (refusal) {
        socket.end(`HTTP/1.1 ${refusal.status} Refused\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      hub.upgrade(req, socket, head);
    },
    station: o.station,
    model,
    book: o.book,
    config: store,
    identity,
    configJson,
    fullRapi,
    events$: events.asObservable(),
    close() {
      hub.close();
      model.close();
      events.complete();
    },
  };
}

export interface ServedWifiApi {
  readonly api: WifiApi;
  /** `http://host:port` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** `createWifiApi` on its own HTTP server at `host:port` (port 0 = any free one). */
export async function serveWifiApi(
  o: WifiApiOptions & { readonly port?: number },
): Promise<ServedWifiApi> {
  const host = o.host ?? '127.0.0.1';
  const api = createWifiApi({ ...o, host });
  const server = createServer(api.handleRequest);
  server.on('upgrade', (req, socket, head) => api.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    api,
    url: `http://${shown}:${port}`,
    port,
    async close() {
      api.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
