/**
 * The chaos harness (issue 17 item 7b): `evse fleet` and several `evse bridge --queue` (each
 * on a PTY to an emulator in this process) against `evse central --db FILE`, while a seeded
 * schedule kills, stops and freezes the central system, kills bridges, pulls serial cables and
 * damages the RAPI wire. At the end everything is brought back and stopped cleanly, and the
 * database is reconciled (bench/reconcile.ts): every session one Start and one Stop, no
 * duplicates, energy equal to the emulators' meters to the Wh. A library: it reports through
 * `onEvent` and returns the counts; bench/chaos.ts prints them.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, stationRng } from '@evse/fleet';
import { readCentralDb } from '../central-db.js';
import { type Reconciliation, reconcile } from '../reconcile.js';
import { driveEv } from './driver.js';
import {
  CENTRAL_FAULTS,
  centralFault,
  type FaultKind,
  STATION_FAULTS,
  stationFault,
} from './faults.js';
import { startChaosFleet } from './fleet.js';
import { BridgeProc, CentralProc, freePort } from './procs.js';
import { PtyStation } from './stations.js';

export interface ChaosOptions {
  readonly seed: number;
  /** Seconds of fault injection (the wind-down comes after). */
  readonly durationS: number;
  /** Bridged PTY stations. */
  readonly bridges: number;
  /** Stations of the `evse fleet` process (0: none). */
  readonly fleetCount: number;
  /** The fleet's --speed. @default 20 */
  readonly fleetSpeed?: number;
  /** Seconds between central faults, [min, max]. @default [10, 40] */
  readonly centralGapS?: readonly [number, number];
  /** Seconds between station faults, [min, max]. @default [0.5, 3] */
  readonly stationGapS?: readonly [number, number];
  /** Working directory (database, queues, logs); a temporary one, removed after, by default. */
  readonly dir?: string;
  readonly onEvent?: (event: ChaosEvent) => void;
}

export type ChaosEvent =
  | { type: 'phase'; text: string }
  | { type: 'fault'; kind: FaultKind; target: string; n: number };

export interface ChaosResult {
  readonly seed: number;
  readonly durationS: number;
  readonly faults: Record<FaultKind, number>;
  readonly recoveries: {
    /** Bridges (re)connected to the central system, minus each bridge's first connection. */
    bridgeReconnects: number;
    /** Serial links reopened by a bridge after a loss. */
    serialRelinks: number;
    centralRestarts: number;
    bridgeRestarts: number;
  };
  /** OCPP frames in the central system's log (every life). */
  readonly messages: number;
  readonly meterValues: number;
  readonly plugIns: number;
  readonly bridged: Reconciliation;
  readonly fleet: {
    stations: number;
    exit: number | string | null;
    started: number;
    stopped: number;
    reportedWh: number;
    centralTx: number;
    centralWh: number;
  } | null;
  /** Bridge processes that exited on their own. */
  readonly crashes: readonly string[];
  /** Bridge start-ups that exited before the bridge was up (retried; why, each). */
  readonly failedStarts: readonly string[];
  readonly problems: readonly string[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function runChaos(o: ChaosOptions): Promise<ChaosResult> {
  const say = (text: string): void => o.onEvent?.({ type: 'phase', text });
  const rng = createRng(o.seed);
  const dir = o.dir ?? (await mkdtemp(join(tmpdir(), 'evse-chaos-')));
  await mkdir(dir, { recursive: true });
  const t0 = performance.now();
  const faults = Object.fromEntries(
    [...CENTRAL_FAULTS, ...STATION_FAULTS].map((k) => [k, 0]),
  ) as Record<FaultKind, number>;
  const central = new CentralProc(
    await freePort(),
    join(dir, 'central.db'),
    join(dir, 'ocpp.jsonl'),
    ['CHAOS-TAG', 'FLEET-TAG'],
  );
  await central.start();
  say(`central system at ${central.url} (db ${central.db})`);
  const stations = Array.from(
    { length: o.bridges },
    (_, i) => new PtyStation(`CHAOS-${i + 1}`, dir),
  );
  const bridges = stations.map(
    (s) =>
      new BridgeProc({
        id: s.id,
        port: s.path,
        url: () => central.url,
        queue: join(dir, `queue-${s.id}`),
        idTag: 'CHAOS-TAG',
      }),
  );
  await Promise.all(stations.map((s) => s.start()));
  await Promise.all(bridges.map((b) => b.start()));
  say(`${bridges.length} bridges up`);
  const fleet =
    o.fleetCount > 0
      ? await startChaosFleet({
          dir,
          url: central.url,
          count: o.fleetCount,
          speed: o.fleetSpeed ?? 20,
          seed: o.seed,
          durationS: o.durationS,
        })
      : null;

  // The schedule: one loop for the central system, one for the stations.
  let injecting = true;
  let centralRestarts = 0;
  let bridgeRestarts = 0;
  let n = 0;
  const busy = new Set<number>();
  const [cMin, cMax] = o.centralGapS ?? [10, 40];
  const [sMin, sMax] = o.stationGapS ?? [0.5, 3];
  const centralLoop = (async () => {
    while (injecting) {
      await sleep(rng.between(cMin, cMax) * 1000);
      if (!injecting) break;
      const kind = rng.pick(CENTRAL_FAULTS);
      faults[kind]++;
      o.onEvent?.({ type: 'fault', kind, target: 'central', n: ++n });
      await centralFault(kind, central, rng);
      if (kind !== 'centralFreeze') centralRestarts++;
    }
  })();
  const stationTasks: Promise<void>[] = [];
  const stationLoop = (async () => {
    while (injecting) {
      await sleep(rng.between(sMin, sMax) * 1000);
      if (!injecting) break;
      const i = Math.floor(rng.next() * stations.length);
      const kind = rng.pick(STATION_FAULTS);
      if (busy.has(i)) continue;
      const station = stations[i] as PtyStation;
      const bridge = bridges[i] as BridgeProc;
      if (!bridge.up) continue; // still starting (or crashed: restarted below)
      busy.add(i);
      faults[kind]++;
      o.onEvent?.({ type: 'fault', kind, target: station.id, n: ++n });
      if (kind === 'bridgeKill') bridgeRestarts++;
      stationTasks.push(stationFault(kind, station, bridge, rng).finally(() => busy.delete(i)));
    }
  })();
  // A bridge that exits on its own is restarted, as systemd would (and reported).
  const supervisor = setInterval(() => {
    bridges.forEach((b, i) => {
      if (!busy.has(i) && !b.up && b.crashes.length > 0) {
        busy.add(i);
        void b.start().finally(() => busy.delete(i));
      }
    });
  }, 1000);
  let driving = true;
  const drivers = stations.map((s, i) =>
    driveEv(s, bridges[i] as BridgeProc, stationRng(o.seed, i), () => !driving),
  );

  await sleep(o.durationS * 1000);
  say('faults stop; bringing everything back');
  injecting = false;
  await Promise.all([centralLoop, stationLoop]);
  await Promise.all(stationTasks);
  clearInterval(supervisor);
  central.thaw();
  for (const [i, s] of stations.entries()) {
    await s.plug();
    const b = bridges[i] as BridgeProc;
    if (!b.up) await b.start();
  }
  driving = false;
  const plugIns = (await Promise.all(drivers)).reduce((a, b) => a + b, 0);
  say('EVs gone; waiting for the bridges to deliver everything');
  const problems: string[] = [];
  const until = performance.now() + 180_000;
  for (const b of bridges) {
    for (;;) {
      const st = await b.status();
      if (st && st.queued === 0 && st.transaction === null) break;
      if (performance.now() > until) {
        problems.push(`${b.id}: still ${JSON.stringify(st)} after the wind-down`);
        break;
      }
      await sleep(500);
    }
  }
  const fleetDone = fleet ? await fleet.done() : null;
  say('stopping everything cleanly');
  await Promise.all(bridges.map((b) => b.stop()));
  await central.stop();
  await Promise.all(stations.map((s) => s.close()));

  const stored = readCentralDb(central.db);
  const ids = new Set(stations.map((s) => s.id));
  const bridged = reconcile(
    stored.transactions.filter((t) => ids.has(t.chargeBoxId)),
    stations.map((s) => ({ chargeBoxId: s.id, startWh: s.startWh, endWh: s.registerWh() })),
  );
  problems.push(...bridged.problems);
  let fleetResult: ChaosResult['fleet'] = null;
  if (fleet && fleetDone) {
    const mine = stored.transactions.filter((t) => t.chargeBoxId.startsWith('FLEET-'));
    const check = reconcile(mine, []);
    problems.push(...check.problems);
    fleetResult = {
      stations: o.fleetCount,
      exit: fleetDone.exit,
      started: fleetDone.stats?.transactionsStarted ?? -1,
      stopped: fleetDone.stats?.transactionsStopped ?? -1,
      reportedWh: fleetDone.stats?.energyWh ?? -1,
      centralTx: mine.length,
      centralWh: check.centralWh,
    };
    if (fleetDone.exit !== 0)
      problems.push(`evse fleet exited ${fleetDone.exit}: ${fleetDone.stderr}`);
    if (fleetResult.centralTx !== fleetResult.started)
      problems.push(
        `fleet: ${fleetResult.started} started, ${fleetResult.centralTx} at the central system`,
      );
    if (fleetResult.centralWh !== fleetResult.reportedWh)
      problems.push(
        `fleet: ${fleetResult.reportedWh} Wh reported, ${fleetResult.centralWh} Wh at the central system`,
      );
  }
  const crashes = bridges.flatMap((b) => b.crashes);
  const failedStarts = bridges.flatMap((b) => b.failedStarts);
  problems.push(...crashes.map((c) => `bridge crashed: ${c}`));
  const log = await readFile(central.log, 'utf8').catch(() => '');
  const result: ChaosResult = {
    seed: o.seed,
    durationS: Math.round((performance.now() - t0) / 1000),
    faults,
    recoveries: {
      bridgeReconnects: bridges.reduce((a, b) => a + Math.max(0, b.connects() - 1), 0),
      serialRelinks: bridges.reduce((a, b) => a + b.linkBacks(), 0),
      centralRestarts,
      bridgeRestarts,
    },
    messages: log.split('\n').filter((l) => l.trim() !== '').length,
    meterValues: stored.meterValues,
    plugIns,
    bridged,
    fleet: fleetResult,
    crashes,
    failedStarts,
    problems,
  };
  if (o.dir === undefined) await rm(dir, { recursive: true, force: true });
  else {
    await writeFile(join(dir, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
    for (const b of bridges)
      await writeFile(join(dir, `bridge-${b.id}.log`), `${b.output()}\n--- stderr\n${b.stderr()}`);
  }
  return result;
}
