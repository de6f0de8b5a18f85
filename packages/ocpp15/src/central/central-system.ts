/**
 * `createCentralSystem()`: a strict stand-in for SteVe serving OCPP 1.5J (data in a CentralStore)
 * (STEVE.md §4 "What a faithful SteVe-like test CS must check/do", items 1–7). This file wires
 * the parts: upgrades and handshakes (`upgrade.ts`), the session registry (`registry.ts`), the
 * JSON-lines log fed by the event stream (`central-log.ts`), the query API (`queries.ts`) and
 * the operator's CALLs.
 */
import type { AddressInfo } from 'node:net';
import { checkHttpRequest } from '@evse/core';
import { OcppClosedError } from '@evse/ocppj';
import { type Observable, Subject } from 'rxjs';
import { WebSocketServer } from 'ws';
import type { CentralSystemAction, Confirmation, Request } from '../wire/messages.js';
import type { CallOptions } from '../wire/rpc.js';
import { createBusiness } from './business.js';
import { type CentralLog, openCentralLog } from './central-log.js';
import { checkOptions } from './check-options.js';
import type { CentralSystemEvent, CentralSystemOptions, ConnectionInfo } from './options.js';
import { createQueries } from './queries.js';
import type {
  MeterValueRecord,
  StationRecord,
  Totals,
  TransactionRecord,
  UnknownStation,
} from './records.js';
import { createRegistry } from './registry.js';
import type { ReservationRecord } from './reservations.js';
import { createCentralServer } from './server.js';
import { escapeStrings, formatSteveDate } from './steve-json.js';
import { type CentralStore, createMemoryStore } from './store.js';
import { normaliseTags } from './tags.js';
import { createUpgradeHandler } from './upgrade.js';
import type { CentralVersionContext } from './version.js';
import { CENTRAL_OCPP15 } from './version15.js';

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

/** Starts a SteVe-like OCPP-J central system (1.5J unless `options.versions` says more); resolves once it listens. */
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
  const emit = (event: CentralSystemEvent): void => {
    events$.next(event);
  };
  const log: CentralLog | undefined =
    options.logFile === undefined ? undefined : openCentralLog(options.logFile, events$, now);

  const maxMeterValues = options.maxMeterValues ?? 100_000;
  const store = options.store ?? createMemoryStore({ maxMeterValues });
  // The configured tags join (or update) the stored tag list (SteVe's ocpp_tag table).
  store.saveTags(normaliseTags(options.tags ?? {}));
  const registrationOf = (id: string) =>
    typeof registration === 'string' ? registration : (registration[id] ?? 'Accepted');
  const business = createBusiness({
    store,
    expiryHours: options.expiryHours ?? 1,
    heartbeatIntervalSec: options.heartbeatIntervalSec ?? 14_400,
    registrationStatus: registrationOf,
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
  const registry = createRegistry(store, options.allow ?? 'any', now);
  const versionContext: CentralVersionContext = {
    business,
    registrationStatus: registrationOf,
    heartbeatIntervalSec: options.heartbeatIntervalSec ?? 14_400,
    now,
    formatDate: (d) => formatSteveDate(d, offset),
  };
  const versions = new Map(
    (options.versions ?? [CENTRAL_OCPP15]).map((version) => [
      version.dialect.subprotocol,
      { version, handlersFor: version.handlers(versionContext) },
    ]),
  );

  // Plain HTTP passes core's request policy first (a rebound name gets 421, AUDIT-2026-12.md #4).
  const httpPolicy = { boundHost: options.host ?? '127.0.0.1' };
  const server = createCentralServer(options.tls, (req, res) => {
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
  server.on(
    'upgrade',
    createUpgradeHandler({
      options,
      basePath,
      utcOffsetMinutes: offset,
      htmlEscape,
      business,
      registry,
      versions,
      requireClientCertificate: options.tls?.requestCert === true,
      wss,
      chosenProtocol,
      now,
      emit,
      wantsFrames: () => events$.observed,
    }),
  );
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

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `${options.tls === undefined ? 'ws' : 'wss'}://${host.includes(':') ? `[${host}]` : host}:${port}${basePath}`;
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
      const newest = registry.newest(chargeBoxId);
      if (!newest)
        return Promise.reject(new OcppClosedError(action, `${chargeBoxId} is not connected`));
      // SteVe's payload shapes of the session's version (STEVE.md §1.6) and HTML-escaped
      // strings (§1.7); the session's dialect validates the result.
      let sent: Request<A>;
      try {
        const shaped = (newest.version.shapeOutgoing?.(action, payload) ?? payload) as Request<A>;
        sent = htmlEscape ? escapeStrings(shaped) : shaped;
      } catch (error) {
        // e.g. a payload nested too deeply to walk; validation would refuse it anyway
        return Promise.reject(
          new TypeError(`payload: cannot be prepared for ${action}`, { cause: error }),
        );
      }
      return newest.endpoint.call(action, sent as never, callOptions).then((conf) => {
        recordOperation(chargeBoxId, action, sent, conf);
        return conf as Confirmation<A>;
      });
    },
    store,
    ...createQueries({ store, business, registry, maxMeterValues }),
    disconnect(chargeBoxId, code = 1000) {
      const list = registry.of(chargeBoxId);
      for (const s of list) s.socket.close(code);
      return list.length;
    },
    events$: events$.asObservable(),
    close() {
      closing ??= (async () => {
        const open = registry.all();
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
        await log?.close();
      })();
      return closing;
    },
  };
}
