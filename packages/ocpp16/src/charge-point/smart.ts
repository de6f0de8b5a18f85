import { CLAIM_PRIORITY } from '@evse/core';
import type { ChargePointEvent, StationStatus } from '@evse/ocpp15';
import { type ChargePointEngine, now, report } from '@evse/ocpp15/engine';
import { LongTimer } from '@evse/ocppj';
import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';
import { type ActiveLimit, activeLimit } from '../smart/active.js';
import type { CompositeSchedule } from '../smart/composite.js';
import { smartChargingStep } from '../smart/decision.js';
import { type ClearCriteria, createProfileStore, type ProfileStore } from '../smart/store.js';
import type {
  ChargingProfile,
  ChargingRateUnit,
  InstalledProfile,
  TransactionInfo,
} from '../smart/types.js';
import { validateProfile } from '../smart/validate.js';

/**
 * The smart-charging claim's client. One above OCPP's own claim, so a pause below 6 A wins
 * over the transaction's `active` (a tie would go to the claim made first; claims.ts).
 */
export const SMART_CLIENT = 'ocpp-smart';
const SMART_PRIORITY = CLAIM_PRIORITY.ocpp + 1;

/** J1772's highest pilot current: the ceiling when the station never showed its own. */
const FALLBACK_MAX_AMPS = 32;

const wake = (s: SmartCharging): void => s.step();

/**
 * Smart charging on the one connector (OCPP 1.6 §3.13): the profile store (kept in the state
 * file when there is one), and the composite limit put on the arbiter as a claim — `$SC n V`,
 * or a pause below 6 A (smart/decision.ts) — now, at every period boundary (a LongTimer woken
 * at `wakeAt`), and whenever the profiles or the transaction change; `limit$` tells what
 * it applies (smart/active.ts).
 */
export class SmartCharging {
  readonly store: ProfileStore;
  readonly #cp: ChargePointEngine;
  #timer: LongTimer<SmartCharging> | null = null;
  /** The TxProfile of a RemoteStartTransaction, installed when its transaction starts. */
  #pending: ChargingProfile | null = null;
  #tx: TransactionInfo | null = null;
  #maxAmps = 0;
  #voltage = 230;
  #limiting = false;
  #closed = false;
  readonly #limit = new BehaviorSubject<ActiveLimit | null>(null);
  /** The limit applied now, then each change (a new boundary is a change: `until` moves). */
  readonly limit$: Observable<ActiveLimit | null> = this.#limit.pipe(
    distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
  );

  constructor(cp: ChargePointEngine) {
    this.#cp = cp;
    const store = cp.store;
    this.store = createProfileStore({
      persistence: {
        load: () => (store.get().chargingProfiles ?? []) as InstalledProfile[],
        save: (profiles) =>
          store.update((s) => {
            s.chargingProfiles = [...profiles];
          }),
      },
    });
  }

  /** The station's maximum: its pilot capacity whenever no profile is limiting it. */
  station(s: StationStatus): void {
    if (!this.#limiting && s.currentCapacity > 0) this.#maxAmps = s.currentCapacity;
  }

  get maxAmps(): number {
    return this.#maxAmps > 0 ? this.#maxAmps : FALLBACK_MAX_AMPS;
  }

  /** The charge point's events: transactions begin and end (TxProfiles go with them). */
  event(e: ChargePointEvent): void {
    if (e.type === 'transactionStarted') {
      this.#tx = { start: Date.parse(e.tx.startedAt) };
      const p = this.#pending;
      this.#pending = null;
      if (p) this.store.install(1, p);
    } else if (e.type === 'transactionId' && this.#tx) {
      this.#tx = { ...this.#tx, id: e.transactionId };
    } else if (e.type === 'transactionStopped') {
      this.#tx = null;
      this.store.transactionEnded(1);
    } else return;
    this.step();
  }

  /** RemoteStartTransaction's chargingProfile: only a TxProfile (OCPP 1.6 §5.11). */
  remoteStartProfile(profile: ChargingProfile): boolean {
    if (profile.chargingProfilePurpose !== 'TxProfile') return false;
    this.#pending = profile;
    return true;
  }

  #ctx(connectorId: number) {
    return {
      transaction: connectorId === 1 ? this.#tx : null,
      voltage: this.#voltage,
      phases: 1,
    };
  }

  /** SetChargingProfile (OCPP 1.6 §5.16). */
  set(connectorId: number, profile: ChargingProfile): 'Accepted' | 'Rejected' {
    const verdict = validateProfile(profile, connectorId, {
      connectors: 1,
      transaction: (c) => (c === 1 ? this.#tx : null),
    });
    if (!verdict.ok) return 'Rejected';
    const result = this.store.install(connectorId, profile);
    this.step();
    return result.status;
  }

  /** ClearChargingProfile (OCPP 1.6 §5.5). */
  clear(criteria: ClearCriteria): 'Accepted' | 'Unknown' {
    const { status } = this.store.clear(criteria);
    this.step();
    return status;
  }

  /** GetCompositeSchedule (OCPP 1.6 §5.7) from now, on the central system's clock. */
  composite(connectorId: number, durationS: number, unit: ChargingRateUnit): CompositeSchedule {
    const start = now(this.#cp).getTime();
    return this.store.compositeSchedule(
      connectorId,
      start,
      durationS,
      unit,
      this.#ctx(connectorId),
      {
        maxAmps: this.maxAmps,
      },
    );
  }

  /** Apply the limit in force now and sleep until the next boundary. */
  step(): void {
    if (this.#closed) return;
    this.#timer?.cancel();
    this.#timer = null;
    const t = now(this.#cp).getTime();
    let s: ReturnType<typeof smartChargingStep>;
    try {
      s = smartChargingStep(this.store, t, 1, this.#ctx(1), { maxAmps: this.maxAmps });
    } catch (error) {
      report(this.#cp, error);
      return;
    }
    const gate = this.#cp.gate;
    this.#limiting = s.action.kind !== 'none';
    if (s.action.kind === 'none') gate.release(SMART_CLIENT);
    else
      gate.claim({
        client: SMART_CLIENT,
        priority: SMART_PRIORITY,
        ...s.claim,
        note:
          s.action.kind === 'pause'
            ? `charging profile ${s.limit.profileId}: ${s.action.limitAmps} A, below J1772's 6 A`
            : `charging profile ${s.limit.profileId}: ${s.action.amps} A`,
      });
    this.#limit.next(activeLimit(s, this.store.list()));
    if (s.wakeAt !== null)
      this.#timer = new LongTimer<SmartCharging>(wake, this, Math.max(0, s.wakeAt - t));
  }

  /**
   * Voltage for W ↔ A, from the latest meter reading. A change of a volt or more applies the
   * limit again when some profile is in W (the same watts are other amps now).
   */
  voltage(volts: number): void {
    if (volts <= 50 || Math.abs(volts - this.#voltage) < 1) return;
    this.#voltage = volts;
    if (this.store.list().some((p) => p.profile.chargingSchedule.chargingRateUnit === 'W'))
      this.step();
  }

  close(): void {
    this.#closed = true;
    this.#timer?.cancel();
    this.#timer = null;
    this.#limit.complete();
  }
}
