/**
 * The soak's fleet: the fleet engine's own parts (@evse/fleet: clock, emulator,
 * station driver, stats), assembled like runFleet() but keeping what the soak must read and
 * runFleet does not expose: the virtual clock's time and each emulator's meter register.
 */
import {
  createFleetEmulator,
  createStats,
  type FleetStation,
  type FleetStats,
  type Scenario,
  startFleetClock,
  startStation,
  stationId,
  stationRng,
  untilPostDone,
} from '@evse/fleet';
import { registerWh, type StationMeter } from '../reconcile.js';

export interface SoakFleetOptions {
  readonly url: string;
  readonly count: number;
  readonly seed: number;
  readonly speed: number;
  readonly scenario: Scenario;
  /** Stations booting at once. @default 100 */
  readonly concurrency?: number;
}

export interface SoakFleet {
  readonly stats: Readonly<FleetStats>;
  /** Resolves once every station's boot was accepted (rejects if one failed). */
  readonly allBooted: Promise<void>;
  /** Resolves when every driver has run all its sessions. */
  readonly finished: Promise<void>;
  /** Station time on the fleet clock, ms since start. */
  now(): number;
  /** Each emulator's register (lifetime Wh; the session's Wh while one is open). */
  meters(): StationMeter[];
  /** Resolves once no charge point has undelivered transaction messages. */
  drained(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

const register = (s: FleetStation): number => registerWh(s.emulator.control.status());

export function runSoakFleet(o: SoakFleetOptions): SoakFleet {
  const clock = startFleetClock(o.speed);
  const stats = createStats(o.count);
  const ctx = {
    url: o.url.replace(/\/$/, ''),
    scenario: o.scenario,
    clock,
    stats,
    stepTimeoutMs: 60_000,
    config: {},
  };
  const stations: FleetStation[] = [];
  const startWh = new Map<string, number>();
  const drives: Promise<void>[] = [];
  const boot = async (index: number): Promise<void> => {
    const id = stationId('SOAK-', index, o.count);
    const emulator = createFleetEmulator(clock);
    await untilPostDone(emulator, 60_000);
    const s = await startStation(ctx, id, stationRng(o.seed, index), emulator);
    stations.push(s);
    startWh.set(id, register(s));
    await s.booted;
    drives.push(s.drive());
  };
  const allBooted = (async () => {
    const batch = o.concurrency ?? 100;
    for (let i = 0; i < o.count; i += batch) {
      const ids = Array.from({ length: Math.min(batch, o.count - i) }, (_, k) => i + k);
      await Promise.all(ids.map(boot));
    }
  })();
  const finished = allBooted.then(() => Promise.all(drives)).then(() => undefined);
  finished.catch(() => {});
  const queued = (): number =>
    stations.reduce((n, s) => n + s.chargePoint.transactions.queued(), 0);
  return {
    stats,
    allBooted,
    finished,
    now: () => clock.clock.now(),
    meters: () =>
      stations.map((s) => ({
        chargeBoxId: s.id,
        startWh: startWh.get(s.id) ?? 0,
        endWh: register(s),
      })),
    async drained(timeoutMs) {
      const until = performance.now() + timeoutMs;
      while (queued() > 0) {
        if (performance.now() > until)
          throw new Error(`${queued()} transaction messages undelivered after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async close() {
      for (let i = 0; i < stations.length; i += 200)
        await Promise.all(stations.slice(i, i + 200).map((s) => s.close()));
      clock.stop();
    },
  };
}
