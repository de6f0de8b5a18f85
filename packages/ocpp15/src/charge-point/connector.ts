import { randomUUID } from 'node:crypto';
import { CLAIM_PRIORITY, type Claim } from '@evse/core';
import type { IdTagInfo, TxRecord } from '@evse/ocppj';
import { LongTimer } from '@evse/ocppj';
import type { MeterReading, StationStatus } from '../station.js';
import type { Confirmation, Request } from '../wire/messages.js';
import { type AuthSource, authorizeTag, rememberIdTagInfo } from './auth.js';
import { type Ctx, isoNow, now, report } from './context.js';
import {
  advanceRegister,
  type RegisterTrack,
  readMeterPatiently,
  STOP_RETRY_DELAYS_MS,
  trackFrom,
  trackSince,
} from './meter-read.js';
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
  /** Put the OCPP claim on the arbiter again (at start, after a ChangeAvailability). */
  regate(): void;
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
  /** ChangeAvailability Inoperative is in force: nobody may start charging. */
  readonly inoperative: () => boolean;
}

/** The arbiter client name of the charge point's claim. */
export const OCPP_CLIENT = 'ocpp';

/**
 * The charge point's claim while nobody is authorized: the EVSE held asleep
 * (FIELD-FIRMWARE.md §1). A bridge claims it before the controller is first gated, so the
 * station sleeps from the start, before the charge point exists.
 */
export const OCPP_WAITING_CLAIM: Readonly<Claim> = Object.freeze({
  client: OCPP_CLIENT,
  priority: CLAIM_PRIORITY.ocpp,
  state: 'disabled',
  note: 'waiting for authorization',
});

/** EV plugged in, as far as the station can tell. */
export const evPresent = (s: StationStatus): boolean =>
  s.state === 'connected' ||
  s.state === 'charging' ||
  (s.state === 'sleeping' && s.evConnected === true);

const sampleTick = (c: ConnectorImpl): void => c.sampleNow();
const authTimeout = (c: ConnectorImpl): void => c.authExpired();

/** The connector: a class, so a fleet shares one copy of each method (internal). */
class ConnectorImpl implements Connector {
  readonly #ctx: Ctx;
  readonly #hooks: ConnectorHooks;
  #auth: { idTag: string; timer: LongTimer<ConnectorImpl> | null } | null = null;
  #tx: TxRecord | null = null;
  #starting = false;
  #stopping = false;
  #closed = false;
  #sampler: LongTimer<ConnectorImpl> | null = null;
  // The transaction's register from `$GU`'s two counters (RAPI.md §4.7, advanceRegister);
  // null when the start could not read the meter.
  #track: RegisterTrack | null = null;
  // The station reported an unplug (state A) and then an EV during the transaction, since the
  // last meter read. Not from the plug state alone: it flickers through sleep (vflags).
  #pluggedInAgain = false;
  #unplugged = false;
  // The central system did not accept the running transaction's tag and the version keeps
  // the transaction open (1.6 StopTransactionOnInvalidId false): held asleep until it ends.
  #deauthorized = false;
  // The highest register (Wh) this charge point has read or journaled: where a meter read
  // that failed on a damaged line leaves meterStart. 0 there started a transaction at 0 Wh
  // after one that stopped at 208 Wh, and the central system billed that energy twice
  // (chaos run, docs/reliability.md). Kept in the state file across restarts.
  #lastRegisterWh: number;

  constructor(ctx: Ctx, hooks: ConnectorHooks) {
    this.#ctx = ctx;
    this.#hooks = hooks;
    this.#lastRegisterWh = ctx.store.get().lastRegisterWh ?? 0;
  }

  #registerWh(r: MeterReading): number {
    const track = this.#track;
    if (track === null) return r.lifetimeWh;
    this.#track = advanceRegister(track, r, this.#pluggedInAgain);
    this.#pluggedInAgain = false;
    return this.#track.registerWh;
  }

  /** Remember a register value read or journaled (never going back); `persist` at starts and stops. */
  #seen(wh: number, persist = false): number {
    if (wh > this.#lastRegisterWh) this.#lastRegisterWh = wh;
    const store = this.#ctx.store;
    if (persist && store.durable && wh > (store.get().lastRegisterWh ?? 0))
      store.update((s) => {
        s.lastRegisterWh = wh;
      });
    return wh;
  }

  /**
   * The OCPP claim (FIELD-FIRMWARE.md §1): `active` from an authorization until its
   * transaction ends, `disabled` otherwise, so the arbiter holds the EVSE asleep — also while
   * unplugged, and whatever wakes the controller (button, timer, reboot).
   */
  regate(): void {
    const tx = this.#tx;
    const auth = this.#auth;
    const active =
      (tx !== null && !this.#deauthorized) ||
      this.#starting ||
      (auth !== null && !this.#hooks.inoperative());
    const idTag = tx?.idTag ?? auth?.idTag;
    this.#ctx.gate.claim(
      active
        ? { ...OCPP_WAITING_CLAIM, state: 'active', note: `authorized ${idTag}` }
        : tx !== null
          ? { ...OCPP_WAITING_CLAIM, note: `${idTag} not accepted by the central system` }
          : this.#hooks.inoperative()
            ? { ...OCPP_WAITING_CLAIM, note: 'inoperative (ChangeAvailability)' }
            : OCPP_WAITING_CLAIM,
    );
  }

  #clearAuth(): void {
    this.#auth?.timer?.cancel();
    this.#auth = null;
  }

  /** The sampling timer fired (internal). */
  sampleNow(): void {
    this.#sample().catch((e: unknown) => report(this.#ctx, e));
  }

  async #sample(): Promise<void> {
    const t = this.#tx;
    if (!t) return;
    const ctx = this.#ctx;
    const r = await ctx.station.readMeter();
    if (this.#tx !== t) return;
    const wh = this.#seen(Math.round(this.#registerWh(r)));
    const payload = ctx.version.meterValues(t, r, {
      context: 'Sample.Periodic',
      measurands: ctx.config.measurands('MeterValuesSampledData'),
      at: now(ctx),
      registerWh: wh,
    });
    if (!payload) return;
    ctx.queue.meter(t.txRef, payload as Record<string, unknown>, wh);
    this.#hooks.kick();
  }

  restartSampling(): void {
    this.#sampler?.cancel();
    this.#sampler = null;
    const s = this.#ctx.config.seconds('MeterValueSampleInterval');
    // Any interval ChangeConfiguration accepts (9 digits) must hold (long-timer.ts, STEVE.md §5.2).
    if (this.#tx && s > 0)
      this.#sampler = new LongTimer<ConnectorImpl>(sampleTick, this, s * 1000, true);
  }

  async #start(idTag: string): Promise<void> {
    const ctx = this.#ctx;
    const hooks = this.#hooks;
    this.#starting = true;
    try {
      const meter = await readMeterPatiently(() => ctx.station.readMeter()).catch(
        (error: unknown) => {
          report(ctx, error);
          return null;
        },
      );
      const track = meter ? trackFrom(meter) : null;
      this.#track = track;
      this.#pluggedInAgain = false;
      this.#unplugged = false;
      // $GU (RAPI.md §4.7); unreadable: the last register seen, never 0 (see #lastRegisterWh).
      const meterStart = track
        ? this.#seen(Math.round(track.registerWh), true)
        : this.#lastRegisterWh;
      const reservation = hooks.reservation();
      const reservationId = reservation?.idTag === idTag ? reservation.reservationId : undefined;
      if (reservationId !== undefined) hooks.consumeReservation();
      const startedAt = isoNow(ctx);
      const txRef = randomUUID();
      if (track && ctx.store.durable)
        ctx.store.update((s) => {
          s.meterTrack = { txRef, ...track };
        });
      const payload: Request<'StartTransaction'> = {
        connectorId: 1,
        idTag,
        timestamp: startedAt,
        meterStart,
        ...(reservationId === undefined ? {} : { reservationId }),
      };
      ctx.queue.begin({ txRef, connectorId: 1, idTag, meterStart, startedAt }, payload);
      this.#tx = ctx.queue.get(txRef) ?? null;
      if (this.#tx) ctx.emit({ type: 'transactionStarted', tx: { ...this.#tx } });
      this.restartSampling();
      hooks.kick();
    } finally {
      this.#starting = false;
    }
    this.regate();
    this.evaluate(ctx.station.getStatus()); // the EV may have left meanwhile
    hooks.statusChanged();
  }

  async authorize(idTag: string): Promise<IdTagInfo> {
    if (typeof idTag !== 'string' || idTag === '' || idTag.length > 20) {
      throw new TypeError('idTag: must be a string of 1 to 20 characters (OCPP 1.5 IdToken)');
    }
    const ctx = this.#ctx;
    const tx = this.#tx;
    if (tx) {
      if (tx.idTag === idTag) {
        await this.stop('Local');
        return { status: 'Accepted' };
      }
      const info: IdTagInfo = { status: 'ConcurrentTx' };
      ctx.emit({ type: 'authorizationRejected', idTag, info, source: 'central' });
      return info;
    }
    const hooks = this.#hooks;
    const result = await authorizeTag(
      {
        config: ctx.config,
        store: ctx.store,
        authorizeRemote: (tag) => hooks.authorizeRemote(tag),
        online: () => ctx.ready !== null,
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
      ctx.emit({ type: 'authorizationRejected', idTag, info, source: result.source });
      return info;
    }
    this.grant(idTag, result.source, result.info);
    return result.info;
  }

  /** The ConnectionTimeOut of the pending authorization ran out (internal). */
  authExpired(): void {
    const auth = this.#auth;
    if (!auth || this.#tx) return;
    const idTag = auth.idTag;
    this.#auth = null;
    this.regate();
    this.#ctx.emit({ type: 'authorizationExpired', idTag });
  }

  grant(idTag: string, source: AuthSource | 'remote', info: IdTagInfo): void {
    const ctx = this.#ctx;
    this.#clearAuth();
    const timeoutS = ctx.config.seconds('ConnectionTimeOut');
    const timer =
      timeoutS > 0 ? new LongTimer<ConnectorImpl>(authTimeout, this, timeoutS * 1000) : null;
    this.#auth = { idTag, timer };
    const status = ctx.station.getStatus();
    // With the EV already there the transaction starts now, and #start wakes the EVSE once
    // meterStart is read: read after the $FE, a reply lost on the line let the EV charge for
    // seconds outside the transaction (found by the chaos run, docs/reliability.md).
    if (!this.#startsNow(status)) this.regate(); // the claim turns active: the arbiter sends $FE
    ctx.emit({ type: 'authorized', idTag, info, source });
    this.evaluate(status);
  }

  /** An authorization is waiting and the EV is there: evaluate() starts the transaction. */
  #startsNow(status: StationStatus): boolean {
    return (
      !this.#tx &&
      this.#auth !== null &&
      !this.#starting &&
      evPresent(status) &&
      !this.#hooks.inoperative()
    );
  }

  async stop(reason: StopReason): Promise<void> {
    const t = this.#tx;
    if (!t || this.#stopping) return;
    const ctx = this.#ctx;
    const hooks = this.#hooks;
    this.#stopping = true;
    try {
      this.#sampler?.cancel();
      this.#sampler = null;
      // Stop the current at once ($FS); the stop message can wait for the meter read.
      this.#ctx.gate.claim({
        ...OCPP_WAITING_CLAIM,
        note: `transaction of ${t.idTag} ended (${reason})`,
      });
      const r = await readMeterPatiently(
        () => ctx.station.readMeter(),
        STOP_RETRY_DELAYS_MS,
        () => this.#closed,
      ).catch(() => null);
      // Closed while the meter could not be read: the journal keeps the transaction open and
      // the next start ends it at the register (recover()), not at a stale sample.
      if (r === null && this.#closed) return;
      const meterStop = this.#seen(
        Math.max(r ? Math.round(this.#registerWh(r)) : 0, t.lastWh, t.meterStart),
        true,
      );
      const measurands = ctx.config.measurands('StopTxnSampledData');
      const payload = ctx.version.stopTransaction({
        tx: t,
        idTag: t.idTag,
        timestamp: isoNow(ctx),
        meterStop,
        reason,
        end: r
          ? {
              reading: r,
              sample: {
                context: 'Transaction.End',
                measurands,
                at: now(ctx),
                registerWh: meterStop,
              },
            }
          : null,
      });
      ctx.queue.end(t.txRef, payload);
      this.#tx = null;
      this.#track = null;
      this.#deauthorized = false;
      ctx.emit({
        type: 'transactionStopped',
        tx: { ...t, ended: true },
        meterStop,
        reason,
      });
      hooks.kick();
      hooks.afterStop();
      hooks.statusChanged();
    } finally {
      this.#stopping = false;
    }
  }

  current(): TxRecord | null {
    return this.#tx ? { ...this.#tx } : null;
  }

  pendingAuth(): boolean {
    return this.#auth !== null;
  }

  evaluate(status: StationStatus): void {
    const ctx = this.#ctx;
    const tx = this.#tx;
    const auth = this.#auth;
    if (tx && status.state === 'notConnected') this.#unplugged = true;
    else if (tx && this.#unplugged && evPresent(status)) {
      this.#unplugged = false;
      this.#pluggedInAgain = true;
    }
    // Inoperative (ChangeAvailability): an authorization waits, no transaction starts.
    if (auth && this.#startsNow(status)) {
      const idTag = auth.idTag;
      this.#clearAuth();
      this.#start(idTag).catch((e: unknown) => report(ctx, e));
    } else if (
      tx &&
      !this.#stopping &&
      status.state === 'notConnected' &&
      ctx.version.stopsOnUnplug?.(ctx.config) !== false
    ) {
      this.stop('EVDisconnected').catch((e: unknown) => report(ctx, e));
    }
  }

  startConfirmed(txRef: string, conf: Confirmation<'StartTransaction'>): void {
    const ctx = this.#ctx;
    const t = ctx.queue.get(txRef);
    ctx.emit({ type: 'transactionId', txRef, transactionId: conf.transactionId });
    if (t) rememberIdTagInfo(ctx.store, ctx.config, t.idTag, conf.idTagInfo);
    const tx = this.#tx;
    if (tx?.txRef === txRef) tx.transactionId = conf.transactionId;
    // The CS has the last word: a non-Accepted tag ends the transaction (STEVE.md §5.2).
    if (conf.idTagInfo.status !== 'Accepted' && this.#tx?.txRef === txRef) {
      if (ctx.version.stopsOnInvalidId?.(ctx.config) !== false)
        this.stop('DeAuthorized').catch((e: unknown) => report(ctx, e));
      else {
        // 1.6 StopTransactionOnInvalidId false: the transaction stays, the energy stops.
        this.#deauthorized = true;
        this.regate();
        this.#hooks.statusChanged();
      }
    }
  }

  recover(): void {
    const open = this.#ctx.queue.open();
    if (open.length > 0) this.#recover(open).catch((e: unknown) => report(this.#ctx, e));
  }

  /**
   * End what a killed process left open, at the controller's register read now (after the
   * gate's $FS, create.ts): the energy charged up to the kill and until the EVSE was put to
   * sleep belongs to that transaction, and the last journaled sample can be minutes old. Never
   * below that sample (a controller that lost power reads 0).
   */
  async #recover(open: readonly TxRecord[]): Promise<void> {
    const ctx = this.#ctx;
    const r = await readMeterPatiently(() => ctx.station.readMeter()).catch((error: unknown) => {
      report(ctx, error);
      return null;
    });
    const kept = ctx.store.get().meterTrack;
    // From the counters kept at its start if it is that transaction (it may have begun
    // mid-session, when meterStart is not the lifetime counter), else from the track its
    // meterStart and the counters now imply (trackSince: after a `$SK`, too).
    const register = (t: TxRecord, r: MeterReading): number =>
      advanceRegister(kept?.txRef === t.txRef ? kept : trackSince(t.meterStart, r), r, false)
        .registerWh;
    for (const t of open) {
      const meterStop = this.#seen(
        Math.max(r ? Math.round(register(t, r)) : 0, t.lastWh, t.meterStart),
        true,
      );
      ctx.queue.end(
        t.txRef,
        ctx.version.stopTransaction({
          tx: t,
          idTag: t.idTag,
          timestamp: isoNow(ctx),
          meterStop,
          reason: 'PowerLoss',
          end: null,
        }),
      );
      ctx.emit({
        type: 'transactionStopped',
        tx: { ...t, ended: true },
        meterStop,
        reason: 'PowerLoss',
      });
    }
    this.#hooks.kick();
  }

  close(): void {
    this.#closed = true;
    this.#clearAuth();
    this.#sampler?.cancel();
    this.#sampler = null;
  }
}

/** Create the connector logic: authorization, start/stop, sampling (internal). */
export function createConnector(ctx: Ctx, hooks: ConnectorHooks): Connector {
  return new ConnectorImpl(ctx, hooks);
}
