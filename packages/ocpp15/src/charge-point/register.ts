/**
 * The connector's energy register (internal): the running transaction's register (Wh) from
 * `$GU`'s two counters (RAPI.md §4.7, advanceRegister in meter-read.ts), the plug events
 * between readings that decide whether the session counter counts again, and the highest
 * register read or journaled, kept in the state file across restarts.
 */
import type { TxRecord } from '@evse/ocppj';
import { evPresent, type MeterReading, type StationStatus } from '../station.js';
import type { Ctx } from './context.js';
import { advanceRegister, type RegisterTrack, trackFrom, trackSince } from './meter-read.js';

/** The register of the connector's transactions (internal). */
export class EnergyRegister {
  readonly #ctx: Ctx;
  // The transaction's register from `$GU`'s two counters; null when the start could not read
  // the meter, until the first reading after it (trackSince from #unreadStart).
  #track: RegisterTrack | null = null;
  // meterStart of a running transaction whose start could not read the meter; else null.
  #unreadStart: number | null = null;
  // The station reported an unplug (state A) and then an EV during the transaction, since the
  // last meter read. Not from the plug state alone: it flickers through sleep (vflags).
  #pluggedInAgain = false;
  #unplugged = false;
  // The highest register (Wh) this charge point has read or journaled: where a meter read
  // that failed on a damaged line leaves meterStart. 0 there started a transaction at 0 Wh
  // after one that stopped at 208 Wh, and the central system billed that energy twice
  // (chaos run, docs/reliability.md). Kept in the state file across restarts.
  #lastRegisterWh: number;

  constructor(ctx: Ctx) {
    this.#ctx = ctx;
    this.#lastRegisterWh = ctx.store.get().lastRegisterWh ?? 0;
  }

  /**
   * Transaction `txRef` starts at reading `r`: its meterStart, its counters kept in the state
   * file for a restart. Unreadable (`r` null): the last register seen, never 0.
   */
  begin(txRef: string, r: MeterReading | null): number {
    const track = r ? trackFrom(r) : null;
    this.#track = track;
    this.#pluggedInAgain = false;
    this.#unplugged = false;
    this.#unreadStart = track === null ? this.#lastRegisterWh : null;
    if (track === null) return this.#lastRegisterWh;
    const meterStart = this.seen(Math.round(track.registerWh), true);
    const store = this.#ctx.store;
    if (store.durable)
      store.update((s) => {
        s.meterTrack = { txRef, ...track };
      });
    return meterStart;
  }

  /**
   * The running transaction's register at reading `r`. A start that could not read the meter
   * takes its track from the first reading after it (trackSince): the lifetime counter alone
   * left out a session still open, and a card stop with the EV plugged in billed 0 Wh.
   */
  at(r: MeterReading): number {
    let track = this.#track;
    if (track === null && this.#unreadStart !== null) {
      track = trackSince(this.#unreadStart, r);
      this.#unreadStart = null;
    }
    if (track === null) return r.lifetimeWh;
    this.#track = advanceRegister(track, r, this.#pluggedInAgain);
    this.#pluggedInAgain = false;
    return this.#track.registerWh;
  }

  /** A status during the transaction: an unplug and then an EV is a new plug-in session. */
  plug(status: StationStatus): void {
    if (status.state === 'notConnected') this.#unplugged = true;
    else if (this.#unplugged && evPresent(status)) {
      this.#unplugged = false;
      this.#pluggedInAgain = true;
    }
  }

  /** The transaction ended. */
  end(): void {
    this.#track = null;
    this.#unreadStart = null;
  }

  /** Remember a register value read or journaled (never going back); `persist` at starts and stops. */
  seen(wh: number, persist = false): number {
    if (wh > this.#lastRegisterWh) this.#lastRegisterWh = wh;
    const store = this.#ctx.store;
    if (persist && store.durable && wh > (store.get().lastRegisterWh ?? 0))
      store.update((s) => {
        s.lastRegisterWh = wh;
      });
    return wh;
  }

  /**
   * The register a restart reads for `t`, a transaction a previous process left open: from the
   * counters kept at its start if it is that transaction (it may have begun mid-session, when
   * meterStart is not the lifetime counter), else from the track its meterStart and the
   * counters now imply (trackSince: after a `$SK`, too).
   */
  recovered(t: TxRecord, r: MeterReading): number {
    const kept = this.#ctx.store.get().meterTrack;
    return advanceRegister(kept?.txRef === t.txRef ? kept : trackSince(t.meterStart, r), r, false)
      .registerWh;
  }
}
