/**
 * `createCentralSystem()`: a strict stand-in for SteVe serving OCPP 1.5J (data in a CentralStore)
 * (STEVE.md §4 "What a faithful SteVe-like test CS must check/do", items 1–7).
 */
import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import { createServer, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkHttpRequest, checkStationUpgrade } from '@evse/core';
import { OcppClosedError } from '@evse/ocppj';
import { type Observable, Subject } from 'rxjs';
import { WebSocketServer } from 'ws';
import type { CentralSystemAction, Confirmation, Request } from '../wire/messages.js';
import type { CallOptions } from '../wire/rpc.js';
import { createBusiness } from './business.js';
import { checkOptions } from './check-options.js';
import { checkHandshake } from './handshake.js';
import type { CentralSystemEvent, CentralSystemOptions, ConnectionInfo } from './options.js';
import type {
  MeterValueRecord,
  StationRecord,
  Totals,
  TransactionRecord,
  UnknownStation,
} from './records.js';
import type { ReservationRecord } from './reservations.js';
import { openSession, type Session } from './session.js';
import { escapeStrings, formatSteveDate } from './steve-json.js';
import { steveShape } from './steve-shapes.js';
import { type CentralStore, createMemoryStore } from './store.js';
import { normaliseTags } from './tags.js';

/** The running central system. */
export interface CentralSystem {
  /** Base WebSocket URL, e.g. `ws://127.0.0.1:41234/steve/websocket/CentralSystemService`. */
  readonly url: string;
  /** The bound TCP port. */
  readonly port: number;
  /** The URL a station with this id connects to. */
  urlFor(chargeBoxId: string): string;
  /**
   * Sends a CS→CP CALL on the station's newest session (SteVe's ALWAYS_LAST, STEVE.md §1.4)
   * and resolves with the validated .conf; rejects with OcppCallError, OcppTimeoutError or
   * OcppClosedError (not connected).
   */
  call<A extends CentralSystemAction>(
    chargeBoxId: string,
    action: A,
    payload: Request<A>,
    options?: CallOptions,
  ): Promise<Confirmation<A>>;
  /** Where stations, tags, transactions and meter values are kept (`options.store`). */
  readonly store: CentralStore;
  /** Known stations (connected or seen before). */
  stations(): StationRecord[];
  /** Open sessions. */
  connections(): ConnectionInfo[];
  /** Transactions, optionally of one station. */
  transactions(chargeBoxId?: string): TransactionRecord[];
  /** Stored sampled values, optionally filtered. */
  meterValues(filter?: { chargeBoxId?: string; transactionId?: number }): MeterValueRecord[];
  /** Reservations made with ReserveNow and their state. */
  reservations(chargeBoxId?: string): ReservationRecord[];
  /** Unregistered ids that tried to connect (newest last, at most 100). */
  unknownStations(): UnknownStation[];
  /** Transaction count and energy, overall or for one station. */
  totals(chargeBoxId?: string): Totals;
  /** Closes every session of a station (like deleting it in SteVe's UI); returns how many. */
  disconnect(chargeBoxId: string, code?: number): number;
  /** Connections, frames, transactions and protocol problems. */
  readonly events$: Observable<CentralSystemEvent>;
  /** Closes all sessions (1001), the server, the store and the log file. Idempotent. */
  close(): Promise<void>;
}

const DEFAULT_BASE_PATH = '/steve/websocket/CentralSystemService';

/** Starts a SteVe-like OCPP 1.5J central system; resolves once it listens. */
export async function createCentralSystem(
  options: CentralSystemOptions = {},
): Promise<CentralSystem> {
  checkOptions(options);
  const now = options.now ?? (() => new Date());
  const basePath = options.basePath ?? DEFAULT_BASE_PATH;
  const offset = options.utcOffsetMinutes ?? 0;
  const htmlEscape = options.htmlEscape ?? true;
  const registration = options.registrationStatus ?? 'Accepted';
  const events$ = new Subject<CentralSystemEvent>();
  const sessions = new Map<string, Session[]>(); // per chargeBoxId, oldest first
  let log: WriteStream | undefined;
  // Opened now, so a path that cannot be written rejects here (before listening) instead of
  // failing later as an unhandled 'error' event (AUDIT-2026-12.md #9).
  if (options.logFile !== undefined)
    log = createWriteStream(options.logFile, { fd: openSync(options.logFile, 'a') });
  const writeLog = (line: Record<string, unknown>): void => {
    log?.write(`${JSON.stringify(line)}\n`);
  };
  const emit = (event: CentralSystemEvent): void => {
    events$.next(event);
  };

  const maxMeterValues = options.maxMeterValues ?? 100_000;
  const store = options.store ?? createMemoryStore({ maxMeterValues });
  // The configured tags join (or update) the stored tag list (SteVe's ocpp_tag table).
  store.saveTags(normaliseTags(options.tags ?? {}));
  const business = createBusiness({
    store,
    expiryHours: options.expiryHours ?? 1,
    heartbeatIntervalSec: options.heartbeatIntervalSec ?? 14_400,
    registrationStatus: (id) =>
      typeof registration === 'string' ? registration : (registration[id] ?? 'Accepted'),
    firstTransactionId: options.firstTransactionId ?? 1,
    now,
    formatDate: (d) => formatSteveDate(d, offset),
    onTransaction: (kind, transaction) =>
      emit({
        type: kind === 'started' ? 'transactionStarted' : 'transactionStopped',
        transaction: { ...transaction },
      }),
    onStopIgnored: (chargeBoxId, transactionId, reason) =>
      emit({ type: 'transactionStopIgnored', chargeBoxId, transactionId, reason }),
  });

  // Plain HTTP passes core's request policy first (a rebound name gets 421, AUDIT-2026-12.md #4).
  const httpPolicy = { boundHost: options.host ?? '127.0.0.1' };
  const server = createServer((req, res) => {
    const verdict = checkHttpRequest(req, httpPolicy);
    if (!verdict.ok) {
      res.writeHead(verdict.status, { 'content-type': 'text/plain' }).end(verdict.message);
      return;
    }
    if (options.httpHandler?.(req, res)) return;
    // Plain HTTP: only WebSocket upgrades are served here.
    res.writeHead(req.url?.startsWith(`${basePath}/`) ? 400 : 404).end();
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  const chosenProtocol = new WeakMap<object, string>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxMessageBytes ?? 8 * 1024 * 1024,
    perMessageDeflate: false,
    handleProtocols: (_offered, req) => chosenProtocol.get(req) ?? false,
  });
  let nextSessionId = 1;
  // Registered ids: the allow list and every station the store knows (SteVe's charge_box
  // table, STEVE.md §1.3), so a restarted central system keeps accepting its stations.
  const allowed = (): readonly string[] | 'any' => {
    const allow = options.allow ?? 'any';
    if (allow === 'any') return 'any';
    const known = [...store.stations()].map((s) => s.chargeBoxId);
    return known.length === 0 ? allow : [...allow, ...known];
  };
  // Unknown ids that tried to connect, newest last, at most 100 (STEVE.md §1.3).
  const unknown = new Map<string, UnknownStation>();
  const rememberUnknown = (chargeBoxId: string): void => {
    const seen = unknown.get(chargeBoxId);
    unknown.delete(chargeBoxId);
    unknown.set(chargeBoxId, {
      chargeBoxId,
      attempts: (seen?.attempts ?? 0) + 1,
      lastAttemptAt: now(),
    });
    if (unknown.size > 100) unknown.delete(unknown.keys().next().value as string);
  };
  // Reservations follow the operations the station accepted.
  const recordOperation = (
    chargeBoxId: string,
    action: CentralSystemAction,
    req: unknown,
    conf: unknown,
  ): void => {
    const status = (conf as { status?: string }).status;
    if (action === 'ReserveNow' && status === 'Accepted')
      business.reservations.accepted(chargeBoxId, req as Request<'ReserveNow'>);
    if (action === 'CancelReservation' && status === 'Accepted')
      business.reservations.end(
        chargeBoxId,
        (req as Request<'CancelReservation'>).reservationId,
        'cancelled',
      );
  };

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const url = req.url ?? '';
    // A browser page posing as a station sends an Origin; charge points send none (#14).
    const browser = checkStationUpgrade(req.headers);
    const verdict = !browser.ok
      ? {
          ok: false as const,
          status: browser.status,
          reason: browser.message,
          unknownId: undefined,
        }
      : checkHandshake(url, req.headers, {
          basePath,
          allow: allowed(),
          passwords: options.passwords ?? {},
          protocols: ['ocpp1.5'],
        });
    if (!verdict.ok) {
      if (verdict.unknownId !== undefined) rememberUnknown(verdict.unknownId);
      emit({ type: 'handshakeRejected', url, status: verdict.status, reason: verdict.reason });
      writeLog({
        at: now().toISOString(),
        type: 'handshakeRejected',
        url,
        status: verdict.status,
        reason: verdict.reason,
      });
      const auth = verdict.status === 401 ? 'WWW-Authenticate: Basic realm="SteVe"\r\n' : '';
      socket.end(
        `HTTP/1.1 ${verdict.status} ${STATUS_CODES[verdict.status]}\r\nConnection: close\r\nContent-Length: 0\r\n${auth}\r\n`,
      );
      return;
    }
    chosenProtocol.set(req, verdict.protocol);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const { chargeBoxId } = verdict;
      const info: ConnectionInfo = {
        sessionId: nextSessionId++,
        chargeBoxId,
        protocol: ws.protocol,
        remoteAddress: req.socket.remoteAddress ?? '',
        openedAt: now(),
      };
      const station = business.station(chargeBoxId);
      const session = openSession(
        ws,
        info,
        {
          callTimeoutMs: options.callTimeoutMs ?? 30_000,
          pingIntervalMs: options.pingIntervalMs ?? 15 * 60_000,
          idleTimeoutMs: options.idleTimeoutMs ?? 2 * 3_600_000,
          htmlEscape,
          rejectUnknownProperties: options.rejectUnknownProperties ?? false,
          coerceAtOffsetMinutes: (options.jacksonCoercion ?? true) ? offset : null,
        },
        {
          handlers: business.handlersFor(chargeBoxId),
          wantsTraffic: () => events$.observed || log !== undefined,
          onTraffic: (t) => {
            if (events$.observed)
              emit({
                type: 'frame',
                chargeBoxId,
                sessionId: info.sessionId,
                direction: t.direction,
                text: t.text,
                at: t.at,
              });
            if (log)
              writeLog({
                at: t.at.toISOString(),
                type: 'frame',
                chargeBoxId,
                sessionId: info.sessionId,
                direction: t.direction,
                text: t.text,
              });
          },
          onProblem: (event, close) =>
            emit({ type: 'protocolError', chargeBoxId, sessionId: info.sessionId, event, close }),
          onPong: () => {
            station.lastHeartbeat = now();
            business.saveStation(station);
          },
          onClose: (code, reason) => {
            const list = (sessions.get(chargeBoxId) ?? []).filter((s) => s !== session);
            if (list.length > 0) sessions.set(chargeBoxId, list);
            else sessions.delete(chargeBoxId);
            station.sessions = list.length;
            emit({ type: 'sessionClosed', connection: info, code, reason });
            writeLog({
              at: now().toISOString(),
              type: 'sessionClosed',
              chargeBoxId,
              sessionId: info.sessionId,
              code,
              reason,
            });
            if (list.length === 0)
              emit({ type: 'disconnected', chargeBoxId, sessionId: info.sessionId, code });
          },
        },
      );
      const list = [...(sessions.get(chargeBoxId) ?? []), session];
      sessions.set(chargeBoxId, list);
      station.sessions = list.length;
      emit({ type: 'sessionOpened', connection: info });
      // SteVe keeps both and talks to the newest (STEVE.md §1.4); two charge points under one
      // id is usually a misconfiguration, so say so (audit 2026-12 finding 14).
      if (list.length > 1)
        emit({
          type: 'duplicateConnection',
          chargeBoxId,
          sessionId: info.sessionId,
          sessions: list.length,
          remoteAddress: info.remoteAddress,
        });
      writeLog({
        at: now().toISOString(),
        type: 'sessionOpened',
        chargeBoxId,
        sessionId: info.sessionId,
        protocol: info.protocol,
      });
      // "connected" fires only for the 0 → 1 transition (STEVE.md §1.4).
      if (list.length === 1) emit({ type: 'connected', chargeBoxId, sessionId: info.sessionId });
    });
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `ws://${host.includes(':') ? `[${host}]` : host}:${port}${basePath}`;
  let closing: Promise<void> | undefined;

  return {
    url,
    port,
    urlFor: (chargeBoxId) => `${url}/${encodeURIComponent(chargeBoxId)}`,
    call<A extends CentralSystemAction>(
      chargeBoxId: string,
      action: A,
      payload: Request<A>,
      callOptions?: CallOptions,
    ) {
      if (typeof chargeBoxId !== 'string')
        return Promise.reject(new TypeError('chargeBoxId: must be a string'));
      const newest = sessions.get(chargeBoxId)?.at(-1);
      if (!newest)
        return Promise.reject(new OcppClosedError(action, `${chargeBoxId} is not connected`));
      // SteVe's payload shapes (STEVE.md §1.6) and HTML-escaped strings (§1.7).
      let sent: Request<A>;
      try {
        const shaped = steveShape(action, payload);
        sent = htmlEscape ? escapeStrings(shaped) : shaped;
      } catch (error) {
        // e.g. a payload nested too deeply to walk; validation would refuse it anyway
        return Promise.reject(
          new TypeError(`payload: cannot be prepared for ${action}`, { cause: error }),
        );
      }
      return newest.endpoint.call(action, sent, callOptions).then((conf) => {
        recordOperation(chargeBoxId, action, sent, conf);
        return conf;
      });
    },
    store,
    stations: () => [...store.stations()].map((s) => ({ ...s, connectors: { ...s.connectors } })),
    connections: () => [...sessions.values()].flat().map((s) => s.info),
    transactions: (chargeBoxId) =>
      [...store.transactions()]
        .filter((t) => chargeBoxId === undefined || t.chargeBoxId === chargeBoxId)
        .map((t) => ({ ...t, problems: [...t.problems] })),
    meterValues: (filter = {}) =>
      store
        .meterValues(maxMeterValues)
        .filter(
          (m) =>
            (filter.chargeBoxId === undefined || m.chargeBoxId === filter.chargeBoxId) &&
            (filter.transactionId === undefined || m.transactionId === filter.transactionId),
        ),
    totals: (chargeBoxId) => business.totals(chargeBoxId),
    reservations: (chargeBoxId) =>
      business.reservations
        .list()
        .filter((r) => chargeBoxId === undefined || r.chargeBoxId === chargeBoxId),
    unknownStations: () => [...unknown.values()].map((u) => ({ ...u })),
    disconnect(chargeBoxId, code = 1000) {
      const list = sessions.get(chargeBoxId) ?? [];
      for (const s of list) s.socket.close(code);
      return list.length;
    },
    events$: events$.asObservable(),
    close() {
      closing ??= (async () => {
        const open = [...sessions.values()].flat();
        const closed = open.map(
          (s) => new Promise<void>((resolve) => s.socket.once('close', () => resolve())),
        );
        for (const s of open) s.socket.close(1001, 'Server shutting down');
        const force = setTimeout(() => {
          for (const s of open) s.socket.terminate();
        }, 1000);
        await Promise.all(closed);
        clearTimeout(force);
        wss.close();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        events$.complete();
        store.close();
        if (log) {
          const stream = log;
          await new Promise<void>((resolve) => stream.end(() => resolve()));
        }
      })();
      return closing;
    },
  };
}
