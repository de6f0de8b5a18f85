/**
 * The connector's transaction lifecycle (internal): authorization waiting for the EV, start,
 * sampling, stop, and the end of what a killed process left open. Its energy register is
 * register.ts, its claim on the arbiter (the authorization gate) ocpp-claim.ts.
 */
import { randomUUID } from 'node:crypto';
import type { IdTagInfo, TxRecord } from '@evse/ocppj';
import { LongTimer } from '@evse/ocppj';
import { evPresent, type StationStatus } from '../station.js';
import type { Confirmation, Request } from '../wire/messages.js';
import { type AuthSource, authorizeTag, rememberIdTagInfo } from './auth.js';
import { type Ctx, isoNow, now, report } from './context.js';
import { readMeterPatiently, STOP_RETRY_DELAYS_MS } from './meter-read.js';
import { OCPP_WAITING_CLAIM, ocppClaim, reservedForOther } from './ocpp-claim.js';
import { EnergyRegister } from './register.js';
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
  readonly #register: EnergyRegister;
  // The central system did not accept the running transaction's tag and the version keeps
  // the transaction open (1.6 StopTransactionOnInvalidId false): held asleep until it ends.
  #deauthorized = false;

  constructor(ctx: Ctx, hooks: ConnectorHooks) {
    this.#ctx = ctx;
    this.#hooks = hooks;
    this.#register = new EnergyRegister(ctx);
  }

  /** Put the OCPP claim for the connector's state on the arbiter (ocpp-claim.ts). */
  regate(): void {
    this.#ctx.gate.claim(
      ocppClaim({
        txIdTag: this.#tx?.idTag ?? null,
        deauthorized: this.#deauthorized,
        starting: this.#starting,
        authIdTag: this.#auth?.idTag ?? null,
        inoperative: this.#hooks.inoperative(),
      }),
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
    const wh = this.#register.seen(Math.round(this.#register.at(r)));
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
      const txRef = randomUUID();
      // $GU (RAPI.md §4.7); unreadable: the last register seen, never 0 (register.ts).
      const meterStart = this.#register.begin(txRef, meter);
      const reservation = hooks.reservation();
      const reservationId = reservation?.idTag === idTag ? reservation.reservationId : undefined;
      if (reservationId !== undefined) hooks.consumeReservation();
      const startedAt = isoNow(ctx);
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
    const reserved = reservedForOther(hooks.reservation(), idTag, result.info);
    if (result.info.status !== 'Accepted' || reserved) {
      const info: IdTagInfo = reserved ? { status: 'Invalid' } : result.info;
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
      const meterStop = this.#register.seen(
        Math.max(r ? Math.round(this.#register.at(r)) : 0, t.lastWh, t.meterStart),
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
      this.#register.end();
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
    if (tx) this.#register.plug(status);
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
    for (const t of open) {
      const meterStop = this.#register.seen(
        Math.max(r ? Math.round(this.#register.recovered(t, r)) : 0, t.lastWh, t.meterStart),
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
