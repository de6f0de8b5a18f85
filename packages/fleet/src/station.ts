/**
 * One fleet station: the full stack (emulator → core Station → OCPP charge point with its own
 * WebSocket) and the driver that plays the scenario on it (plug in, swipe, charge, stop,
 * unplug). Everything it counts goes into the shared FleetStats.
 */
import { createStation, type Station } from '@evse/core';
import {
  type ChargePoint,
  type ChargePointEvent,
  type ChargePointOptions,
  OcppClosedError,
  OcppConnectError,
} from '@evse/ocpp15';
import { createEmulator, type Emulator } from '@evse/transport-emulator';
import { filter, firstValueFrom, type Observable, Subscription, timeout } from 'rxjs';
import type { StationAddon, StationAddonFactory } from './addon.js';
import { connectCause } from './causes.js';
import type { FleetClock } from './clock.js';
import type { Rng } from './rng.js';
import type { Range, Scenario } from './scenario.js';
import { countMessage, type FleetStats } from './stats.js';
import { createVersionedChargePoint } from './versions.js';

/** What a station needs from the fleet. */
/** OCPP security profile 1–3 settings of every station (`@evse/ocppj`'s SecurityOptions). */
export type FleetSecurity = Pick<ChargePointOptions, 'password' | 'ca' | 'cert' | 'key'>;

export interface StationContext {
  readonly url: string;
  readonly scenario: Scenario;
  readonly clock: FleetClock;
  readonly stats: FleetStats;
  /** Real-time limit for one OCPP or station step (e.g. StartTransaction answered), ms. */
  readonly stepTimeoutMs: number;
  /** Extra charge point configuration (e.g. MeterValueSampleInterval). */
  readonly config: Readonly<Record<string, string>>;
  /** Made for each station when given (`evse fleet --mqtt`); none costs nothing. */
  readonly addon?: StationAddonFactory;
  /** OCPP security profile settings (password, ca, cert, key). */
  readonly security?: FleetSecurity;
}

/** A running fleet station. */
export interface FleetStation {
  readonly id: string;
  readonly emulator: Emulator;
  readonly station: Station;
  readonly chargePoint: ChargePoint;
  /** Resolves once the BootNotification was Accepted (rejects after the step timeout). */
  readonly booted: Promise<unknown>;
  /** Play the scenario; resolves when this station has run all its sessions or was stopped. */
  drive(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A powered-up emulator of the fleet: the default build, which each charge point's arbiter
 * holds asleep until authorization (FIELD-FIRMWARE.md §1), and a 1 s control loop while charging steadily (energy is integrated over
 * elapsed time, so totals are unchanged): 10,000 charging stations then cost 10,000 loop
 * passes per second instead of 100,000.
 */
export function createFleetEmulator(clock: FleetClock): Emulator {
  return createEmulator({ clock: clock.clock, chargingLoopMs: 1000 });
}

/** Wait for an emulator to finish POST (RAPI.md §4.1) on the fleet clock. */
export function untilPostDone(emulator: Emulator, ms: number): Promise<unknown> {
  return firstValueFrom(
    emulator.control.status$.pipe(
      filter((s) => s.state !== 'starting'),
      timeout(ms),
    ),
  );
}

const draw = (rng: Rng, [lo, hi]: Range): number => rng.between(lo, hi);

/**
 * The driver of one station. A class, so 10,000 stations share one copy of each method
 * (per-instance closures were ≈ 1.5 KB a station); the counters it keeps are the shared
 * FleetStats plus four flags.
 */
class DrivenStation implements FleetStation {
  readonly id: string;
  readonly emulator: Emulator;
  readonly station: Station;
  readonly chargePoint: ChargePoint;
  readonly booted: Promise<unknown>;
  readonly #ctx: StationContext;
  readonly #rng: Rng;
  readonly #addon: StationAddon | undefined;
  readonly #subs = new Subscription();
  #open = false;
  #charging = false;
  #wasBooted = false;
  #stopped = false;

  constructor(
    ctx: StationContext,
    id: string,
    rng: Rng,
    emulator: Emulator,
    station: Station,
    chargePoint: ChargePoint,
    addon: StationAddon | undefined,
  ) {
    this.id = id;
    this.#addon = addon;
    this.emulator = emulator;
    this.station = station;
    this.chargePoint = chargePoint;
    this.#ctx = ctx;
    this.#rng = rng;
    const { stats } = ctx;
    stats.created++;
    this.#subs.add(chargePoint.state$.subscribe((s) => this.#onSocket(s)));
    this.#subs.add(
      chargePoint.traffic$.subscribe((t) => {
        stats.messages++;
        countMessage(stats, t.direction, t.frame);
      }),
    );
    this.#subs.add(station.status$.subscribe((s) => this.#onStatus(s.state)));
    this.#subs.add(chargePoint.events$.subscribe((e) => this.#onEvent(e)));
    // Subscribed before any await, so the BootNotification answer cannot be missed.
    this.booted = this.#step(
      chargePoint.events$,
      (e) => e.type === 'booted' && e.status === 'Accepted',
      'boot',
    );
  }

  #onSocket(s: number): void {
    if ((s === 1) !== this.#open) this.#ctx.stats.connected += s === 1 ? 1 : -1;
    this.#open = s === 1;
  }

  #onStatus(state: string): void {
    const now = state === 'charging';
    if (now !== this.#charging) this.#ctx.stats.charging += now ? 1 : -1;
    this.#charging = now;
  }

  #onEvent(e: ChargePointEvent): void {
    const { stats } = this.#ctx;
    if (e.type === 'booted' && e.status === 'Accepted' && !this.#wasBooted) {
      this.#wasBooted = true;
      stats.booted++;
    } else if (e.type === 'transactionStarted') stats.transactionsStarted++;
    else if (e.type === 'transactionStopped') {
      stats.transactionsStopped++;
      stats.energyWh += e.meterStop - e.tx.meterStart;
    } else if (e.type === 'error') {
      // A refused or timed-out connection is retried by the charge point (with back-off):
      // counted apart, it is load on the central system, not a broken station.
      if (e.error instanceof OcppConnectError) {
        stats.connectFailures++;
        stats.lastConnectError = connectCause(e.error);
      } else if (!(e.error instanceof OcppClosedError)) this.#fail(e.error);
      // A CALL cut off by a lost connection is not a failure of its own: a queued message is
      // sent again after the reconnect, and any other step's wait fails on its own timeout.
    }
  }

  #fail(error: unknown): void {
    const { stats } = this.#ctx;
    stats.errors++;
    stats.lastError = `${this.id}: ${error instanceof Error ? error.message : String(error)}`;
  }

  /**
   * Wait for `ok` on `source$` for the step timeout, in wall-clock time (never station time,
   * which `--speed` shortens). While `pending()` says the message is still queued for the
   * central system, a late answer is load, not a failure: the wait goes on (the end of the
   * run bounds it with the drain), so `--speed 60` counts no false errors (issue 17).
   */
  #step<T>(
    source$: Observable<T>,
    ok: (v: T) => boolean,
    what: string,
    pending?: () => boolean,
  ): Promise<T> {
    const ms = this.#ctx.stepTimeoutMs;
    const wait = (): Promise<T> =>
      firstValueFrom(source$.pipe(filter(ok), timeout(ms))).catch(() => {
        if (pending?.() && !this.#stopped) return wait();
        throw new Error(`${what} did not happen within ${ms} ms`);
      });
    const p = wait();
    // Steps are awaited later (subscribe first, then act); a step abandoned because an
    // earlier one failed must not become an unhandled rejection.
    p.catch(() => {});
    return p;
  }

  /** A transaction message's answer: late but still queued is not yet a failure. */
  #event(type: ChargePointEvent['type'], what: string): Promise<ChargePointEvent> {
    const queued = () => this.chargePoint.transactions.queued() > 0;
    return this.#step(this.chargePoint.events$, (e) => e.type === type, what, queued);
  }

  #state(name: string, what: string): Promise<unknown> {
    return this.#step(this.station.status$, (s) => s.state === name, what);
  }

  /** One session: plug in, authorize, charge for the drawn time (maybe a fault), stop, unplug. */
  async #session(): Promise<void> {
    const { scenario, clock, stats } = this.#ctx;
    const rng = this.#rng;
    const { control } = this.emulator;
    const { chargePoint } = this;
    control.setEv({
      batteryKwh: draw(rng, scenario.ev.batteryKwh),
      maxCurrentA: Math.round(draw(rng, scenario.ev.maxCurrentA)),
      socPercent: draw(rng, scenario.ev.socPercent),
    });
    const tag = rng.pick(scenario.tags);
    const lengthMs = draw(rng, scenario.sessionS) * 1000;
    const fault = rng.chance(scenario.fault.probability)
      ? {
          kind: rng.pick(scenario.fault.kinds),
          atMs: rng.next() * lengthMs,
          forMs: draw(rng, scenario.fault.durationS) * 1000,
        }
      : null;
    const byUnplug = rng.chance(scenario.unplugProbability);

    // Gated, the EVSE sleeps until authorized: the plug shows in vflag 0x0100 (evConnected).
    const plugged = this.#step(this.station.status$, (s) => s.evConnected === true, 'EV plug-in');
    control.plugIn();
    await plugged;
    const started = this.#event('transactionStarted', 'StartTransaction');
    const info = await chargePoint.authorize(tag);
    if (info.status !== 'Accepted') {
      stats.rejected++;
      stats.lastRejection = `Authorize ${tag}: ${info.status}`;
      control.unplug();
      return;
    }
    await started;
    const inC = this.#state('charging', 'charging (state C)');
    control.startCharging();
    await inC;
    if (fault) {
      await clock.sleep(fault.atMs);
      control.injectFault(fault.kind);
      stats.faultsInjected++;
      await clock.sleep(fault.forMs);
      control.clearFault();
      await clock.sleep(Math.max(0, lengthMs - fault.atMs - fault.forMs));
    } else {
      await clock.sleep(lengthMs);
    }
    const ended = this.#event('transactionStopped', 'StopTransaction');
    if (byUnplug) {
      control.unplug(); // the charge point stops with reason EVDisconnected
      await ended;
    } else {
      await chargePoint.authorize(tag); // the same card again: stop (reason Local)
      await ended;
      control.stopCharging();
      const idle = this.#step(this.station.status$, (s) => !s.evConnected, 'unplug');
      control.unplug();
      await idle;
    }
    stats.sessionsCompleted++;
  }

  async drive(): Promise<void> {
    const { scenario, clock, stats } = this.#ctx;
    const sessions = scenario.sessionsPerStation;
    for (let n = 0; !this.#stopped && (sessions === 0 || n < sessions); n++) {
      await clock.sleep(draw(this.#rng, n === 0 ? scenario.firstArrivalS : scenario.gapS) * 1000);
      if (this.#stopped) return;
      try {
        await this.#session();
      } catch (error) {
        if (this.#stopped) return;
        this.#fail(error);
        this.emulator.control.unplug(); // start the next session from a clean state
      }
    }
    if (!this.#stopped) stats.stationsFinished++;
  }

  async close(): Promise<void> {
    const { stats } = this.#ctx;
    this.#stopped = true;
    this.#subs.unsubscribe();
    if (this.#open) stats.connected--;
    if (this.#charging) stats.charging--;
    this.#open = false;
    this.#charging = false;
    await this.chargePoint.close();
    await this.#addon?.close();
    await this.station.close();
    await this.emulator.close();
  }
}

/** Build the rest of the stack for station `id` on a booted `emulator`; start its charge point. */
export async function startStation(
  ctx: StationContext,
  id: string,
  rng: Rng,
  emulator: Emulator,
  version: '1.5' | '1.6' = '1.5',
): Promise<FleetStation> {
  // The in-process emulator loses nothing, so the periodic `$GS` resync is off (it exists
  // for serial lines that drop an `$AT`, RAPI.md §2.3).
  const station = await createStation(emulator.transport, { resyncIntervalMs: 0 });
  let addon: StationAddon | undefined;
  try {
    addon = await ctx.addon?.(id, station);
  } catch (error) {
    await station.close();
    await emulator.close();
    throw error;
  }
  const chargePoint = createVersionedChargePoint(version, {
    url: ctx.url,
    chargeBoxId: id,
    station,
    vendor: 'OpenEVSE',
    model: 'evse-fleet',
    config: ctx.config,
    ...ctx.security,
    ...(addon?.arbiter ? { arbiter: addon.arbiter } : {}),
  });
  addon?.attach?.(chargePoint);
  return new DrivenStation(ctx, id, rng, emulator, station, chargePoint, addon);
}
