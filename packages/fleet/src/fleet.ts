/**
 * `runFleet()`: N full stacks in one process against one central system. Stations are
 * started with a bounded number booting at once (so the central system sees a ramp, not
 * 10,000 simultaneous handshakes), then each plays the scenario on the shared fleet clock.
 */
import type { StationAddonFactory } from './addon.js';
import { type FleetClock, startFleetClock } from './clock.js';
import { stationRng } from './rng.js';
import { createRowReader, type FleetStationRow } from './rows.js';
import { DEFAULT_SCENARIO, type Scenario } from './scenario.js';
import { type Shard, shardIndices, stationId, WHOLE_FLEET } from './shard.js';
import {
  createFleetEmulator,
  type FleetSecurity,
  type FleetStation,
  startStation,
  untilPostDone,
} from './station.js';
import { createStats, type FleetStats } from './stats.js';
import { type FleetOcppVersion, versionOf } from './versions.js';

/** Options of {@link runFleet}. */
export interface FleetOptions {
  /** Central system base URL; each station appends its chargeBoxId. */
  readonly url: string;
  /** Stations in the whole fleet (all shards together). */
  readonly count: number;
  /** chargeBoxId prefix. @default 'EVSE-' */
  readonly idPrefix?: string;
  /** @default DEFAULT_SCENARIO */
  readonly scenario?: Scenario;
  /** RNG seed; the same seed replays the same fleet. @default 1 */
  readonly seed?: number;
  /** This process's share. @default WHOLE_FLEET */
  readonly shard?: Shard;
  /** Station time runs this many times faster than real time. @default 1 */
  readonly speed?: number;
  /** Stations connecting and booting (OCPP) at the same time. @default 128 */
  readonly concurrency?: number;
  /** Real-time limit for one step (boot, StartTransaction, …), ms. @default 60000 */
  readonly stepTimeoutMs?: number;
  /** Extra charge point configuration keys. @default {} */
  readonly config?: Readonly<Record<string, string>>;
  /** A per-station add-on (`evse fleet --mqtt`: the WiFi module's MQTT client). @default none */
  readonly addon?: StationAddonFactory;
  /** OCPP security profile 1–3 settings every station connects with (password, ca, cert, key). @default none */
  readonly security?: FleetSecurity;
  /** OCPP version of the stations: `1.5`, `1.6`, or `mix` (every other one 1.6). @default '1.5' */
  readonly ocppVersion?: FleetOcppVersion;
}

/** A running fleet. */
export interface Fleet {
  /** Live counters (read them; do not write). */
  readonly stats: Readonly<FleetStats>;
  /** chargeBoxIds this process runs, in index order. */
  readonly ids: readonly string[];
  /** Resolves with the ms from start until every station's boot was Accepted. */
  readonly allBooted: Promise<number>;
  /** Resolves when every station finished its sessions (never with sessionsPerStation 0). */
  readonly finished: Promise<void>;
  /** Undelivered transaction messages over all charge points. */
  queueDepth(): number;
  /** A row per running station (state, transaction, energy), for the dashboard's fleet table. */
  rows(): FleetStationRow[];
  /** Started stations per statechart state now (`{ charging: 3, sleeping: 7 }`), for metrics. */
  stateCounts(): Record<string, number>;
  /** Resolves once no charge point has undelivered messages (polls every 100 ms). */
  drained(timeoutMs?: number): Promise<void>;
  /** Close every station and stop the clock. Idempotent. */
  close(): Promise<void>;
}

/** Start the fleet; stations come up in the background (watch `stats`, await `allBooted`). */
export function runFleet(options: FleetOptions): Fleet {
  const shard = options.shard ?? WHOLE_FLEET;
  const indices = shardIndices(options.count, shard);
  const prefix = options.idPrefix ?? 'EVSE-';
  const ids = indices.map((i) => stationId(prefix, i, options.count));
  const seed = options.seed ?? 1;
  const stats = createStats(indices.length);
  const clock: FleetClock = startFleetClock(options.speed ?? 1);
  const ctx = {
    url: options.url.replace(/\/$/, ''),
    scenario: options.scenario ?? DEFAULT_SCENARIO,
    clock,
    stats,
    stepTimeoutMs: options.stepTimeoutMs ?? 60_000,
    config: options.config ?? {},
    ...(options.addon ? { addon: options.addon } : {}),
    ...(options.security ? { security: options.security } : {}),
  };
  const stations: FleetStation[] = [];
  const drives: Promise<void>[] = [];
  let closed = false;
  let markClosed = (): void => {};
  const closedP = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  const t0 = performance.now();

  // Every emulator powers up at once (as a street of stations after a power cut) and runs
  // its POST on the shared clock; then at most `concurrency` stations are between "Station
  // created" and "BootNotification accepted", so the central system sees a ramp, not N
  // simultaneous handshakes.
  const concurrency = Math.max(1, options.concurrency ?? 128);
  let free = concurrency;
  const waiting: (() => void)[] = [];
  const acquire = (): Promise<void> => {
    if (free > 0) {
      free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };

  const startOne = async (k: number): Promise<void> => {
    const index = indices[k] as number;
    const emulator = createFleetEmulator(clock);
    await untilPostDone(emulator, ctx.stepTimeoutMs);
    await acquire();
    let s: FleetStation;
    try {
      if (closed) {
        await emulator.close();
        return;
      }
      const version = versionOf(options.ocppVersion ?? '1.5', index);
      s = await startStation(ctx, ids[k] as string, stationRng(seed, index), emulator, version);
      stations.push(s);
      await Promise.race([s.booted, closedP]); // Ctrl-C does not wait for a boot timeout
    } finally {
      release();
    }
    if (!closed) drives.push(s.drive());
  };
  const starts: Promise<void>[] = [];
  const launcher = (async () => {
    for (let k = 0; k < indices.length && !closed; k++) {
      starts.push(
        startOne(k).catch((error: unknown) => {
          stats.errors++;
          stats.lastError = `${ids[k]}: ${error instanceof Error ? error.message : String(error)}`;
        }),
      );
      // Creating an emulator is synchronous work: yield now and then so sockets, timers and
      // the live line keep running while 10,000 are created.
      if (k % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  const allStarted = launcher.then(() => Promise.all(starts));
  const allBooted = allStarted.then(() => {
    if (stats.booted < indices.length) {
      throw new Error(
        `${indices.length - stats.booted} of ${indices.length} stations did not boot (last error: ${stats.lastError ?? 'none'})`,
      );
    }
    return performance.now() - t0;
  });
  allBooted.catch(() => {}); // callers that never await it do not get an unhandled rejection
  const finished = allStarted.then(() => Promise.all(drives)).then(() => undefined);
  finished.catch(() => {});

  const queueDepth = (): number => {
    let n = 0;
    for (const s of stations) n += s.chargePoint.transactions.queued();
    return n;
  };
  const readRow = createRowReader();
  let closing: Promise<void> | null = null;
  return {
    stats,
    ids,
    allBooted,
    finished,
    queueDepth,
    rows: () => stations.map(readRow),
    stateCounts() {
      const counts: Record<string, number> = {};
      for (const s of stations) {
        const state = s.station.getStatus().state;
        counts[state] = (counts[state] ?? 0) + 1;
      }
      return counts;
    },
    drained(timeoutMs = 30_000) {
      const until = performance.now() + timeoutMs;
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const n = queueDepth();
          if (n === 0) resolve();
          else if (performance.now() > until)
            reject(new Error(`${n} transaction messages still undelivered after ${timeoutMs} ms`));
          else setTimeout(check, 100);
        };
        check();
      });
    },
    close() {
      closing ??= (async () => {
        closed = true;
        markClosed();
        await allStarted;
        // Close in batches so 10,000 close handshakes do not all start in one tick.
        for (let i = 0; i < stations.length; i += 500) {
          await Promise.all(stations.slice(i, i + 500).map((s) => s.close()));
        }
        clock.stop();
      })();
      return closing;
    },
  };
}
