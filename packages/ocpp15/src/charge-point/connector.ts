import { randomUUID } from 'node:crypto';
import type { IdTagInfo } from '../queue/state-store.js';
import type { TxRecord } from '../queue/tx-queue.js';
import type { MeterReading, StationStatus } from '../station.js';
import type { Confirmation, Request } from '../wire/messages.js';
import { type AuthSource, authorizeTag, rememberIdTagInfo } from './auth.js';
import { type Ctx, isoNow, now, report } from './context.js';
import { type CancelTimer, setLongInterval, setLongTimeout } from './long-timer.js';
import { meterValue } from './meter-values.js';
import type { StopReason } from './types.js';

/** The single connector (connectorId 1) of an OpenEVSE: authorization and transactions (internal). */
export interface Connector {
  /** Card swipe: authorize, or stop the running transaction when it is the same tag. */
  authorize(idTag: string): Promise<IdTagInfo>;
  /** Grant an authorization the central system already made (RemoteStartTransaction). */
  grant(idTag: string, source: AuthSource | 'remote', info: IdTagInfo): void;
  /** End the running transaction, if any. */
  stop(reason: StopReason): Promise<void>;
  current(): TxRecord | null;
  /** True while an authorization waits for the EV. */
  pendingAuth(): boolean;
  /** Re-evaluate after a status change (start on plug-in, stop on unplug). */
  evaluate(status: StationStatus): void;
  /** StartTransaction.conf arrived (possibly long after an offline start). */
  startConfirmed(txRef: string, conf: Confirmation<'StartTransaction'>): void;
  /** MeterValueSampleInterval changed: restart sampling. */
  restartSampling(): void;
  /** End transactions a previous process left open (power loss / SIGKILL). */
  recover(): void;
  close(): void;
}

/** What the connector needs from the rest of the charge point. */
export interface ConnectorHooks {
  readonly authorizeRemote: (idTag: string) => Promise<IdTagInfo>;
  readonly kick: () => void;
  readonly statusChanged: () => void;
  /** Called after a transaction ended (e.g. to apply a Scheduled availability change). */
  readonly afterStop: () => void;
  /** A reservation that must be honoured, if any: other tags are refused. */
  readonly reservation: () => { idTag: string; parentIdTag?: string; reservationId: number } | null;
  readonly consumeReservation: () => void;
}

/** EV plugged in, as far as the station can tell. */
export const evPresent = (s: StationStatus): boolean =>
  s.state === 'connected' || s.state === 'charging' || (s.state === 'sleeping' && s.evConnected);

/** Create the connector logic: authorization, start/stop, sampling (internal). */
export function createConnector(ctx: Ctx, hooks: ConnectorHooks): Connector {
  const { station, queue, config } = ctx;
  let auth: { idTag: string; timer: CancelTimer | null } | null = null;
  let tx: TxRecord | null = null;
  let starting = false;
  let stopping = false;
  let sampler: CancelTimer | null = null;
  // `$GU` lifetime Wh only moves at unplug (RAPI.md §4.7): during a transaction the register
  // is lifetime-at-start + session Wh; once lifetime has moved it already holds the session.
  let baseLifetimeWh: number | null = null;
  const registerWh = (r: MeterReading): number =>
    baseLifetimeWh !== null && r.lifetimeWh === baseLifetimeWh
      ? baseLifetimeWh + r.sessionWh
      : r.lifetimeWh;

  const lock = (locked: boolean): void => {
    station.setAuthLock(locked).catch((error: unknown) => report(ctx, error));
  };

  const clearAuth = (): void => {
    auth?.timer?.();
    auth = null;
  };

  const sample = async (): Promise<void> => {
    const t = tx;
    if (!t) return;
    const r = await station.readMeter();
    if (tx !== t) return;
    const wh = Math.round(registerWh(r));
    const mv = meterValue(r, {
      context: 'Sample.Periodic',
      measurands: config.measurands('MeterValuesSampledData'),
      at: now(ctx),
      registerWh: wh,
    });
    if (!mv) return;
    queue.meter(t.txRef, { connectorId: t.connectorId, values: [mv] }, wh);
    hooks.kick();
  };

  const restartSampling = (): void => {
    sampler?.();
    sampler = null;
    const s = config.seconds('MeterValueSampleInterval');
    // Any interval ChangeConfiguration accepts (9 digits) must hold (long-timer.ts, STEVE.md §5.2).
    if (tx && s > 0)
      sampler = setLongInterval(() => sample().catch((e: unknown) => report(ctx, e)), s * 1000);
  };

  const start = async (idTag: string): Promise<void> => {
    starting = true;
    try {
      const meter = await station.readMeter().catch((error: unknown) => {
        report(ctx, error);
        return null;
      });
      baseLifetimeWh = meter ? meter.lifetimeWh : null;
      const meterStart = meter ? Math.round(meter.lifetimeWh + meter.sessionWh) : 0; // $GU (RAPI.md §4.7)
      const reservation = hooks.reservation();
      const reservationId = reservation?.idTag === idTag ? reservation.reservationId : undefined;
      if (reservationId !== undefined) hooks.consumeReservation();
      const startedAt = isoNow(ctx);
      const txRef = randomUUID();
      const payload: Request<'StartTransaction'> = {
        connectorId: 1,
        idTag,
        timestamp: startedAt,
        meterStart,
        ...(reservationId === undefined ? {} : { reservationId }),
      };
      queue.begin({ txRef, connectorId: 1, idTag, meterStart, startedAt }, payload);
      tx = queue.get(txRef) ?? null;
      if (tx) ctx.events.next({ type: 'transactionStarted', tx: { ...tx } });
      restartSampling();
      hooks.kick();
    } finally {
      starting = false;
    }
    connector.evaluate(station.getStatus()); // the EV may have left meanwhile
    hooks.statusChanged();
  };

  const connector: Connector = {
    async authorize(idTag) {
      if (typeof idTag !== 'string' || idTag === '' || idTag.length > 20) {
        throw new TypeError('idTag: must be a string of 1 to 20 characters (OCPP 1.5 IdToken)');
      }
      if (tx) {
        if (tx.idTag === idTag) {
          await connector.stop('Local');
          return { status: 'Accepted' };
        }
        const info: IdTagInfo = { status: 'ConcurrentTx' };
        ctx.events.next({ type: 'authorizationRejected', idTag, info, source: 'central' });
        return info;
      }
      const result = await authorizeTag(
        {
          config,
          store: ctx.store,
          authorizeRemote: hooks.authorizeRemote,
          online: () => ctx.ready$.value !== null,
          now: () => now(ctx),
          freeVendTag: ctx.opts.freeVendTag,
        },
        idTag,
      );
      const reservation = hooks.reservation();
      const reservedForOther =
        reservation !== null &&
        reservation.idTag !== idTag &&
        (reservation.parentIdTag === undefined ||
          reservation.parentIdTag !== result.info.parentIdTag);
      if (result.info.status !== 'Accepted' || reservedForOther) {
        const info: IdTagInfo = reservedForOther ? { status: 'Invalid' } : result.info;
        ctx.events.next({ type: 'authorizationRejected', idTag, info, source: result.source });
        return info;
      }
      connector.grant(idTag, result.source, result.info);
      return result.info;
    },
    grant(idTag, source, info) {
      clearAuth();
      const timeoutS = config.seconds('ConnectionTimeOut');
      const timer =
        timeoutS > 0
          ? setLongTimeout(() => {
              if (auth?.idTag !== idTag || tx) return;
              auth = null;
              lock(true);
              ctx.events.next({ type: 'authorizationExpired', idTag });
            }, timeoutS * 1000)
          : null;
      auth = { idTag, timer };
      lock(false); // RAPI.md §4.10: $S4 0 lets the EV charge
      ctx.events.next({ type: 'authorized', idTag, info, source });
      connector.evaluate(station.getStatus());
    },
    async stop(reason) {
      const t = tx;
      if (!t || stopping) return;
      stopping = true;
      try {
        sampler?.();
        sampler = null;
        lock(true); // stop the current at once; the stop message can wait for the meter read
        const r = await station.readMeter().catch(() => null);
        const meterStop = Math.max(r ? Math.round(registerWh(r)) : 0, t.lastWh);
        const measurands = config.measurands('StopTxnSampledData');
        const end = r
          ? meterValue(r, {
              context: 'Transaction.End',
              measurands,
              at: now(ctx),
              registerWh: meterStop,
            })
          : null;
        const begin = {
          timestamp: t.startedAt,
          value: [
            {
              value: String(t.meterStart),
              context: 'Transaction.Begin',
              measurand: 'Energy.Active.Import.Register',
              unit: 'Wh',
            },
          ],
        };
        const payload = {
          idTag: t.idTag,
          timestamp: isoNow(ctx),
          meterStop,
          ...(end && measurands.length > 0 ? { transactionData: [{ values: [begin, end] }] } : {}),
        };
        queue.end(t.txRef, payload);
        tx = null;
        baseLifetimeWh = null;
        ctx.events.next({
          type: 'transactionStopped',
          tx: { ...t, ended: true },
          meterStop,
          reason,
        });
        hooks.kick();
        hooks.afterStop();
        hooks.statusChanged();
      } finally {
        stopping = false;
      }
    },
    current: () => (tx ? { ...tx } : null),
    pendingAuth: () => auth !== null,
    evaluate(status) {
      if (!tx && auth && !starting && evPresent(status)) {
        const idTag = auth.idTag;
        clearAuth();
        start(idTag).catch((e: unknown) => report(ctx, e));
      } else if (tx && !stopping && status.state === 'notConnected') {
        connector.stop('EVDisconnected').catch((e: unknown) => report(ctx, e));
      } else if (
        !tx &&
        !auth &&
        !starting &&
        status.authLocked === false &&
        (status.state === 'notConnected' || evPresent(status))
      ) {
        // The station must stay unable to charge until authorized (e.g. after a reset,
        // which clears the volatile lock; RAPI.md §4.1).
        lock(true);
      }
    },
    startConfirmed(txRef, conf) {
      const t = queue.get(txRef);
      ctx.events.next({ type: 'transactionId', txRef, transactionId: conf.transactionId });
      if (t) rememberIdTagInfo(ctx.store, config, t.idTag, conf.idTagInfo);
      if (tx?.txRef === txRef) tx.transactionId = conf.transactionId;
      // The CS has the last word: a non-Accepted tag ends the transaction (STEVE.md §5.2).
      if (conf.idTagInfo.status !== 'Accepted' && tx?.txRef === txRef) {
        connector.stop('DeAuthorized').catch((e: unknown) => report(ctx, e));
      }
    },
    restartSampling,
    recover() {
      for (const t of queue.open()) {
        queue.end(t.txRef, { idTag: t.idTag, timestamp: isoNow(ctx), meterStop: t.lastWh });
        ctx.events.next({
          type: 'transactionStopped',
          tx: { ...t, ended: true },
          meterStop: t.lastWh,
          reason: 'PowerLoss',
        });
      }
    },
    close() {
      clearAuth();
      sampler?.();
      sampler = null;
    },
  };
  return connector;
}
