/**
 * One measured fleet (spawned by bench/fleet.ts with --expose-gc, bundled): N stations
 * against the central system at --url. Phases: boot all → GC → RSS; everyone plugs in and
 * charges (MeterValues every 60 s each) → event-loop lag and OCPP messages/s over --window-s
 * → GC → RSS. Prints progress on stderr and one JSON result line on stdout; then, with
 * --throughput-s, the throughput phase (bench/throughput-run.ts) and its JSON line.
 * With --shard I/K it runs shard I of a fleet of --count (bench/shards.ts); with --hold it
 * keeps its stations charging after its figures until stdin ends (all shards at once).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { writeHeapSnapshot } from 'node:v8';
import { type FleetOcppVersion, parseShard, runFleet, validateScenario } from '@evse/fleet';
import { throughputPhase } from './throughput-run.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    count: { type: 'string', default: '1000' },
    'window-s': { type: 'string', default: '60' },
    'arrival-s': { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '128' },
    'throughput-s': { type: 'string', default: '0' },
    'warmup-s': { type: 'string', default: '5' },
    shard: { type: 'string', default: '0/1' },
    hold: { type: 'boolean', default: false },
    // Per step (emulator POST, BootNotification, StartTransaction): longer on a loaded machine.
    'step-timeout-s': { type: 'string', default: '60' },
    // The stations' OCPP version: 1.5, 1.6 or mix (every other station 1.6).
    'ocpp-version': { type: 'string', default: '1.5' },
  },
});
const shard = parseShard(values.shard);
const count = Number(values.count);
const windowMs = Number(values['window-s']) * 1000;
const gc = (globalThis as { gc?: () => void }).gc;
if (!values.url || !gc) throw new Error('usage: node --expose-gc fleet-run.mjs --url WS-URL');
const settle = async (): Promise<number> => {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 50));
  }
  return process.memoryUsage().rss;
};
const log = (text: string): void => {
  process.stderr.write(`  [${shard.total > 1 ? `${values.shard} ` : ''}${count}] ${text}\n`);
};

const rssBase = await settle();
const heapBase = process.memoryUsage().heapUsed;
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
const cpu0 = process.cpuUsage();
const fleet = runFleet({
  url: values.url,
  count,
  idPrefix: 'BENCH-',
  ocppVersion: values['ocpp-version'] as FleetOcppVersion,
  concurrency: Number(values.concurrency),
  shard,
  stepTimeoutMs: Number(values['step-timeout-s']) * 1000,
  // Everyone arrives within arrival-s and charges longer than the run: a steady state of N
  // open transactions, each sending MeterValues every 60 s (the charge point's default).
  scenario: validateScenario({
    sessionsPerStation: 1,
    firstArrivalS: [0, Number(values['arrival-s'])],
    sessionS: 86_400,
    fault: { probability: 0 },
  }),
});
const own = fleet.ids.length; // this shard's stations (all of them unless sharded)
const progress = setInterval(() => {
  const s = fleet.stats;
  log(
    `connected ${s.connected} booted ${s.booted} charging ${s.charging} tx ${s.transactionsStarted} errors ${s.errors}${s.lastError ? ` (${s.lastError})` : ''}`,
  );
}, 5000);
const bootMs = await fleet.allBooted;
const bootCpu = process.cpuUsage(cpu0);
const bootLagP99 = lag.percentile(99) / 1e6;
log(`all booted in ${(bootMs / 1000).toFixed(1)} s`);
const rssBooted = await settle();
const heapBooted = process.memoryUsage().heapUsed;

// Wait until every station is charging in a transaction.
const t1 = performance.now();
while (fleet.stats.charging < own || fleet.stats.transactionsStarted < own) {
  if (performance.now() - t1 > Math.max(300, 2 * Number(values['step-timeout-s'])) * 1000)
    throw new Error('not all stations started charging');
  await new Promise((r) => setTimeout(r, 200));
}
log(
  `all charging after ${((performance.now() - t1) / 1000).toFixed(1)} s; measuring ${windowMs / 1000} s`,
);
const m0 = fleet.stats.messages;
const c0 = process.cpuUsage();
lag.reset();
await new Promise((r) => setTimeout(r, windowMs));
const lagP99 = lag.percentile(99) / 1e6;
const lagMax = lag.max / 1e6;
const messagesPerS = ((fleet.stats.messages - m0) * 1000) / windowMs;
const windowCpu = process.cpuUsage(c0);
const rssCharging = await settle();
const heapCharging = process.memoryUsage().heapUsed;
// BENCH_HEAP_SNAPSHOT=file: the heap while charging, to see where the per-station bytes go.
if (process.env['BENCH_HEAP_SNAPSHOT']) writeHeapSnapshot(process.env['BENCH_HEAP_SNAPSHOT']);
clearInterval(progress);
const errors = fleet.stats.errors;
const lastError = fleet.stats.lastError;
lag.disable();

process.stdout.write(
  `${JSON.stringify({
    count: own,
    bootMs,
    bootCpuMs: (bootCpu.user + bootCpu.system) / 1000,
    bootLagP99Ms: bootLagP99,
    rssBase,
    rssBooted,
    rssCharging,
    heapBase,
    heapBooted,
    heapCharging,
    lagP99Ms: lagP99,
    lagMaxMs: lagMax,
    messagesPerS,
    windowCpuPercent: ((windowCpu.user + windowCpu.system) / 1000 / windowMs) * 100,
    errors,
    lastError,
  })}\n`,
);
const throughputS = Number(values['throughput-s']);
if (throughputS > 0) {
  const result = await throughputPhase(
    fleet,
    throughputS * 1000,
    Number(values['warmup-s']) * 1000,
  );
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
if (values.hold) {
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.once('end', resolve));
}
await fleet.close();
process.exit(0);
