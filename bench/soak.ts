/**
 * Soak run (issue 17 item 7a; `pnpm soak`, not part of the test suite): 1,000 fleet stations
 * (emulator → Station → charge point, the fleet engine's parts) against `evse central --db`
 * in a child process (so the heap measured is the fleet's alone) for 24 h of station time on the fleet's virtual clock, playing bench/soak/scenario.ts.
 * The heap is sampled after GC every half hour of station time once every station booted;
 * the least-squares slope is reported per hour and per station-hour. At the end every
 * transaction is reconciled (bench/reconcile.ts). Prints progress on stderr and a report on
 * stdout; exits 1 when anything does not reconcile.
 *
 *   node --expose-gc --import tsx --conditions=@evse/source bench/soak.ts [--count 1000] [--hours 24] [--speed 240] [--seed 1]
 *   [--heap-snapshots DIR]: V8 heap snapshots once every station booted, at the first idle
 *   sample and at the end; their live bytes are reported (bench/heap-snapshot.ts), and the
 *   files can be diffed in Chrome DevTools (Memory → Comparison).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readCentralDb } from './central-db.js';
import { CentralProc, freePort } from './chaos/procs.js';
import { type HeapSummary, snapshotHeap } from './heap-snapshot.js';
import { reconcile, slope } from './reconcile.js';
import { runSoakFleet } from './soak/fleet.js';
import { SOAK_SCENARIO, SOAK_TAGS } from './soak/scenario.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    hours: { type: 'string', default: '24' },
    speed: { type: 'string', default: '240' },
    seed: { type: 'string', default: '1' },
    'sample-min': { type: 'string', default: '30' },
    'heap-snapshots': { type: 'string' },
  },
});
const count = Number(values.count);
const dayMs = Number(values.hours) * 3_600_000;
const speed = Number(values.speed);
const seed = Number(values.seed);
const sampleMs = Number(values['sample-min']) * 60_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const log = (text: string): void => {
  process.stderr.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
};
const heapAfterGc = async (): Promise<number> => {
  for (let i = 0; i < 2; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  return process.memoryUsage().heapUsed;
};

const t0 = performance.now();
const dir = await mkdtemp(join(tmpdir(), 'evse-soak-'));
const db = join(dir, 'central.db');
// Its output is not kept here beyond 64 KB: the heap measured is the fleet's, not a log copy.
const central = new CentralProc(await freePort(), db, join(dir, 'ocpp.jsonl'), SOAK_TAGS, {
  maxOutput: 65_536,
});
await central.start();
const fleet = runSoakFleet({ url: central.url, count, seed, speed, scenario: SOAK_SCENARIO });
await fleet.allBooted;
log(`${count} stations booted in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const snapshots: Record<string, HeapSummary> = {};
const snapshot = (name: string): void => {
  const dir = values['heap-snapshots'];
  if (!dir) return;
  const s = snapshotHeap(join(dir, `${name}.heapsnapshot`));
  snapshots[name] = s;
  log(`heap snapshot ${s.file}: ${s.nodes} nodes, ${(s.bytes / 1e6).toFixed(2)} MB live`);
};
snapshot('booted');
const samples: [number, number][] = [];
// Samples taken once every session had ended (the idle tail of the day): the heap must not move.
const idle: [number, number][] = [];
let nextSample = fleet.now();
while (fleet.now() < dayMs) {
  if (fleet.now() >= nextSample) {
    const at = fleet.now();
    const heap = await heapAfterGc();
    samples.push([at / 3_600_000, heap]);
    const s = fleet.stats;
    if (
      s.charging === 0 &&
      s.transactionsStarted === s.transactionsStopped &&
      s.sessionsCompleted > 0
    ) {
      idle.push([at / 3_600_000, heap]);
      if (idle.length === 1) snapshot('idle');
    }
    log(
      `station time ${(at / 3_600_000).toFixed(2)} h heap ${(heap / 1e6).toFixed(1)} MB tx ${s.transactionsStarted}/${s.transactionsStopped} charging ${s.charging} rejected ${s.rejected} faults ${s.faultsInjected} errors ${s.errors}${s.lastError ? ` (${s.lastError})` : ''}`,
    );
    nextSample = at + sampleMs;
  }
  await new Promise((r) => setTimeout(r, 250));
}
const wallS = (performance.now() - t0) / 1000;
samples.push([fleet.now() / 3_600_000, await heapAfterGc()]);
snapshot('end');
log('24 h of station time done; waiting for every station to finish and the queues to drain');
const done = await Promise.race([
  fleet.finished.then(() => true),
  new Promise<boolean>((r) => setTimeout(() => r(false), 120_000)),
]);
await fleet.drained(120_000).catch((e: Error) => log(e.message));
const meters = fleet.meters();
const s = fleet.stats;
await fleet.close();
await central.stop();
const stored = readCentralDb(db);
const result = reconcile(stored.transactions, meters);
await rm(dir, { recursive: true, force: true });

const perHour = slope(samples);
const report = {
  stations: count,
  seed,
  speed,
  stationHours: dayMs / 3_600_000,
  wallSeconds: Math.round(wallS),
  allFinished: done,
  sessions: s.sessionsCompleted,
  rejected: s.rejected,
  faultsInjected: s.faultsInjected,
  messages: s.messages,
  meterValuesStored: stored.meterValues,
  errors: s.errors,
  lastError: s.lastError,
  heapSamples: samples.length,
  heapFirstMB: +((samples[0]?.[1] ?? 0) / 1e6).toFixed(2),
  heapLastMB: +((samples.at(-1)?.[1] ?? 0) / 1e6).toFixed(2),
  heapSlopeBytesPerHour: Math.round(perHour),
  heapSlopeBytesPerStationHour: +(perHour / count).toFixed(2),
  idleTailSamples: idle.length,
  idleTailSlopeBytesPerStationHour: +(slope(idle) / count).toFixed(2),
  liveHeapMB: Object.fromEntries(
    Object.entries(snapshots).map(([k, v]) => [k, +(v.bytes / 1e6).toFixed(3)]),
  ),
  transactions: result.transactions,
  stopped: result.stopped,
  active: result.active,
  failed: result.failed,
  duplicates: result.duplicates,
  overlaps: result.overlaps,
  centralWh: result.centralWh,
  meteredWh: result.meteredWh,
  energyMismatches: result.energyMismatches.length,
  startedAtStations: s.transactionsStarted,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
const problems = [...result.problems];
if (!done) problems.push('not every station finished its sessions');
if (s.errors > 0) problems.push(`${s.errors} fleet errors (last: ${s.lastError})`);
if (result.transactions !== s.transactionsStarted)
  problems.push(
    `${result.transactions} transactions at the central system, ${s.transactionsStarted} started by the stations`,
  );
for (const p of problems.slice(0, 20)) process.stdout.write(`PROBLEM ${p}\n`);
process.stdout.write(
  problems.length === 0 ? 'RESULT reconciled\n' : `RESULT ${problems.length} problems\n`,
);
process.exit(problems.length === 0 ? 0 : 1);
