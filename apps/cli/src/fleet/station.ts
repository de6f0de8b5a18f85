/**
 * One fleet station: the full stack (emulator → core Station → OCPP charge point with its own
 * WebSocket) and the driver that plays the scenario on it (plug in, swipe, charge, stop,
 * unplug). Everything it counts goes into the shared FleetStats.
 */
import { createStation, type Station } from '@evse/core';
import {
  type ChargePoint,
  type ChargePointEvent,
  createChargePoint,
  OcppConnectError,
} from '@evse/ocpp15';
import { createEmulator, type Emulator } from '@evse/transport-emulator';
import { filter, firstValueFrom, type Observable, type Subscription, timeout } from 'rxjs';
import type { FleetClock } from './clock.js';
import type { Rng } from './rng.js';
import type { Range, Scenario } from './scenario.js';
import type { FleetStats } from './stats.js';

/** What a station needs from the fleet. */
export interface StationContext {
  readonly url: string;
  readonly scenario: Scenario;
  readonly clock: FleetClock;
  readonly stats: FleetStats;
  /** Real-time limit for one OCPP or station step (e.g. StartTransaction answered), ms. */
  readonly stepTimeoutMs: number;
  /** Extra charge point configuration (e.g. MeterValueSampleInterval). */
  readonly config: Readonly<Record<string, string>>;
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
 * A powered-up emulator of the fleet: the AUTH_LOCK build, so authorization gates charging
 * (RAPI.md §4.10), and a 1 s control loop while charging steadily (energy is integrated over
 * elapsed time, so totals are unchanged): 10,000 charging stations then cost 10,000 loop
 * passes per second instead of 100,000.
 */
export function createFleetEmulator(clock: FleetClock): Emulator {
  return createEmulator({ authLock: true, clock: clock.clock, chargingLoopMs: 1000 });
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

/** Build the rest of the stack for station `id` on a booted `emulator`; start its charge point. */
export async function startStation(
  ctx: StationContext,
  id: string,
  rng: Rng,
  emulator: Emulator,
): Promise<FleetStation> {
  const { stats, scenario, clock } = ctx;
  // The in-process emulator loses nothing, so the periodic `$GS` resync is off (it exists
  // for serial lines that drop an `$AT`, RAPI.md §2.3).
  const station = await createStation(emulator.transport, { resyncIntervalMs: 0 });
  const chargePoint = createChargePoint({
    url: ctx.url,
    chargeBoxId: id,
    station,
    vendor: 'OpenEVSE',
    model: 'evse-fleet',
    config: ctx.config,
  });
  stats.created++;
  const subs: Subscription[] = [];
  let open = false;
  let charging = false;
  let wasBooted = false;
  let stopped = false;

  const fail = (error: unknown): void => {
    stats.errors++;
    stats.lastError = `${id}: ${error instanceof Error ? error.message : String(error)}`;
  };
  subs.push(
    chargePoint.state$.subscribe((s) => {
      if ((s === 1) !== open) stats.connected += s === 1 ? 1 : -1;
      open = s === 1;
    }),
    chargePoint.traffic$.subscribe(() => {
      stats.messages++;
    }),
    station.status$.subscribe((s) => {
      const now = s.state === 'charging';
      if (now !== charging) stats.charging += now ? 1 : -1;
      charging = now;
    }),
    chargePoint.events$.subscribe((e) => {
      if (e.type === 'booted' && e.status === 'Accepted' && !wasBooted) {
        wasBooted = true;
        stats.booted++;
      } else if (e.type === 'transactionStarted') stats.transactionsStarted++;
      else if (e.type === 'transactionStopped') {
        stats.transactionsStopped++;
        stats.energyWh += e.meterStop - e.tx.meterStart;
      } else if (e.type === 'error') {
        // A refused or timed-out connection is retried by the charge point (with back-off):
        // counted apart, it is load on the central system, not a broken station.
        if (e.error instanceof OcppConnectError) stats.connectFailures++;
        else fail(e.error);
      }
    }),
  );

  const events$ = chargePoint.events$;
  const step = <T>(source$: Observable<T>, ok: (v: T) => boolean, what: string): Promise<T> => {
    const p = firstValueFrom(source$.pipe(filter(ok), timeout(ctx.stepTimeoutMs))).catch(() => {
      throw new Error(`${what} did not happen within ${ctx.stepTimeoutMs} ms`);
    });
    // Steps are awaited later (subscribe first, then act); a step abandoned because an
    // earlier one failed must not become an unhandled rejection.
    p.catch(() => {});
    return p;
  };
  const event = (type: ChargePointEvent['type'], what: string) =>
    step(events$, (e) => e.type === type, what);
  const state = (name: string, what: string) =>
    step(station.status$, (s) => s.state === name, what);

  // Subscribed before any await, so the BootNotification answer cannot be missed.
  const booted = step(events$, (e) => e.type === 'booted' && e.status === 'Accepted', 'boot');

  /** One session: plug in, authorize, charge for the drawn time (maybe a fault), stop, unplug. */
  const session = async (): Promise<void> => {
    const { control } = emulator;
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

    const plugged = state('connected', 'EV plug-in (state B)');
    control.plugIn();
    await plugged;
    const started = event('transactionStarted', 'StartTransaction');
    const info = await chargePoint.authorize(tag);
    if (info.status !== 'Accepted') {
      stats.rejected++;
      control.unplug();
      return;
    }
    await started;
    const inC = state('charging', 'charging (state C)');
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
    const ended = event('transactionStopped', 'StopTransaction');
    if (byUnplug) {
      control.unplug(); // the charge point stops with reason EVDisconnected
      await ended;
    } else {
      await chargePoint.authorize(tag); // the same card again: stop (reason Local)
      await ended;
      control.stopCharging();
      const idle = state('notConnected', 'unplug (state A)');
      control.unplug();
      await idle;
    }
    stats.sessionsCompleted++;
  };

  return {
    id,
    emulator,
    station,
    chargePoint,
    booted,
    async drive() {
      const sessions = scenario.sessionsPerStation;
      for (let n = 0; !stopped && (sessions === 0 || n < sessions); n++) {
        await clock.sleep(draw(rng, n === 0 ? scenario.firstArrivalS : scenario.gapS) * 1000);
        if (stopped) return;
        try {
          await session();
        } catch (error) {
          if (stopped) return;
          fail(error);
          emulator.control.unplug(); // start the next session from a clean state
        }
      }
      if (!stopped) stats.stationsFinished++;
    },
    async close() {
      stopped = true;
      for (const s of subs) s.unsubscribe();
      if (open) stats.connected--;
      if (charging) stats.charging--;
      open = false;
      charging = false;
      await chargePoint.close();
      await station.close();
      await emulator.close();
    },
  };
}
