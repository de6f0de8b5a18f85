/**
 * The central system's WebSocket upgrades: a browser page posing as a station is refused
 * (AUDIT-2026-12.md #14), the handshake is judged like SteVe (path, registered id, Basic
 * password, subprotocol; STEVE.md §1.1–§1.3), and an accepted socket becomes a session in
 * the registry.
 */
import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { checkStationUpgrade } from '@evse/core';
import type { WebSocketServer } from 'ws';
import type { Business } from './business.js';
import { checkHandshake } from './handshake.js';
import type { CentralSystemEvent, CentralSystemOptions, ConnectionInfo } from './options.js';
import type { Registry } from './registry.js';
import { openSession } from './session.js';
import type { CentralHandler, CentralVersion } from './version.js';

/** What the upgrade handler works with. */
export interface UpgradeDeps {
  readonly options: CentralSystemOptions;
  readonly basePath: string;
  readonly utcOffsetMinutes: number;
  readonly htmlEscape: boolean;
  readonly business: Business;
  readonly registry: Registry;
  /** The versions served, by subprotocol, each with its bound handlers. */
  readonly versions: ReadonlyMap<
    string,
    {
      readonly version: CentralVersion;
      readonly handlersFor: (chargeBoxId: string) => Readonly<Record<string, CentralHandler>>;
    }
  >;
  /** TLS with client certificates required (security profile 3, STEVE.md §1.2). */
  readonly requireClientCertificate: boolean;
  /** The server that completes accepted upgrades; its `handleProtocols` reads `chosenProtocol`. */
  readonly wss: WebSocketServer;
  /** The subprotocol chosen for each accepted request. */
  readonly chosenProtocol: WeakMap<object, string>;
  readonly now: () => Date;
  emit(event: CentralSystemEvent): void;
  /** Whether anybody wants frame events. */
  wantsFrames(): boolean;
}

/** The `upgrade` listener of the central system's HTTP server. */
export function createUpgradeHandler(
  d: UpgradeDeps,
): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  const { options, business, registry, emit, now } = d;
  let nextSessionId = 1;
  return (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const url = req.url ?? '';
    // A browser page posing as a station sends an Origin; charge points send none (#14).
    const browser = checkStationUpgrade(req.headers);
    // Profile 3: a client certificate the configured CA signed, else 401 (STEVE.md §1.2).
    const certificateMissing =
      d.requireClientCertificate && (req.socket as TLSSocket).authorized !== true;
    const verdict = !browser.ok
      ? {
          ok: false as const,
          status: browser.status,
          reason: browser.message,
          unknownId: undefined,
        }
      : certificateMissing
        ? {
            ok: false as const,
            status: 401 as const,
            reason: 'no trusted client certificate',
            unknownId: undefined,
          }
        : checkHandshake(url, req.headers, {
            basePath: d.basePath,
            allow: registry.allowed(),
            passwords: options.passwords ?? {},
            ...(options.password === undefined ? {} : { password: options.password }),
            protocols: [...d.versions.keys()],
          });
    if (!verdict.ok) {
      if (verdict.unknownId !== undefined) registry.rememberUnknown(verdict.unknownId);
      emit({ type: 'handshakeRejected', url, status: verdict.status, reason: verdict.reason });
      const auth = verdict.status === 401 ? 'WWW-Authenticate: Basic realm="SteVe"\r\n' : '';
      socket.end(
        `HTTP/1.1 ${verdict.status} ${STATUS_CODES[verdict.status]}\r\nConnection: close\r\nContent-Length: 0\r\n${auth}\r\n`,
      );
      return;
    }
    d.chosenProtocol.set(req, verdict.protocol);
    d.wss.handleUpgrade(req, socket, head, (ws) => {
      const { chargeBoxId } = verdict;
      const info: ConnectionInfo = {
        sessionId: nextSessionId++,
        chargeBoxId,
        protocol: ws.protocol,
        remoteAddress: req.socket.remoteAddress ?? '',
        openedAt: now(),
      };
      const station = business.station(chargeBoxId);
      // The subprotocol decides the message set of the whole session (STEVE.md §1.2).
      const served = d.versions.get(ws.protocol);
      if (served === undefined) throw new Error(`no version for ${ws.protocol}`);
      const session = openSession(
        ws,
        info,
        {
          callTimeoutMs: options.callTimeoutMs ?? 30_000,
          pingIntervalMs: options.pingIntervalMs ?? 15 * 60_000,
          idleTimeoutMs: options.idleTimeoutMs ?? 2 * 3_600_000,
          htmlEscape: d.htmlEscape,
          rejectUnknownProperties: options.rejectUnknownProperties ?? false,
          coerceAtOffsetMinutes: (options.jacksonCoercion ?? true) ? d.utcOffsetMinutes : null,
        },
        {
          version: served.version,
          handlers: served.handlersFor(chargeBoxId),
          wantsTraffic: d.wantsFrames,
          onTraffic: (t) =>
            emit({
              type: 'frame',
              chargeBoxId,
              sessionId: info.sessionId,
              direction: t.direction,
              text: t.text,
              at: t.at,
            }),
          onProblem: (event, close) =>
            emit({ type: 'protocolError', chargeBoxId, sessionId: info.sessionId, event, close }),
          onPong: () => {
            station.lastHeartbeat = now();
            business.saveStation(station);
          },
          onClose: (code, reason) => {
            const left = registry.remove(session);
            station.sessions = left;
            emit({ type: 'sessionClosed', connection: info, code, reason });
            if (left === 0)
              emit({ type: 'disconnected', chargeBoxId, sessionId: info.sessionId, code });
          },
        },
      );
      const count = registry.add(session);
      station.sessions = count;
      emit({ type: 'sessionOpened', connection: info });
      // SteVe keeps both and talks to the newest (STEVE.md §1.4); two charge points under one
      // id is usually a misconfiguration, so say so (audit 2026-12 finding 14).
      if (count > 1)
        emit({
          type: 'duplicateConnection',
          chargeBoxId,
          sessionId: info.sessionId,
          sessions: count,
          remoteAddress: info.remoteAddress,
        });
      // "connected" fires only for the 0 → 1 transition (STEVE.md §1.4).
      if (count === 1) emit({ type: 'connected', chargeBoxId, sessionId: info.sessionId });
    });
  };
}
