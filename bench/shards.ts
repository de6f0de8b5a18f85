/**
 * One machine past one process: a fleet of --count stations (default 50,000) split over K
 * fleet processes (bench/fleet-run.ts --shard i/K, the same runner as bench/fleet.ts)
 * against C central-system processes (bench/central.ts; fleet shard i talks to central
 * i mod C, i.e. the central system is sharded by station id as the fleet is). Waits until
 * every shard has booted all its stations and every station charges in a transaction, then
 * reads every central system's sessions and open transactions while all of them charge and
 * prints per process: boot time, RSS, lag p99, CPU, OCPP frames/s; per central: sessions,
 * open transactions, RSS, CPU.
 *
 * Why several central processes: one process holds at most `ulimit -n` sockets (20,000 hard
 * here, not raisable without CAP_SYS_RESOURCE), and one client address reaches one server
 * address:port through at most the ephemeral port range (32768–60999: 28,232 ports); see
 * docs/scaling.md.
 * Run: node --import tsx --conditions=@evse/source bench/shards.ts [--count 50000]
 *      [--processes 4] [--centrals 4] [--arrival-s 60] [--window-s 30] [--step-timeout-s 600]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { fdProblem, openFileLimit } from '@evse/fleet';
import { bundle, OUT_DIR } from './bundle.js';
import { ask, type CentralView, readJsonLine } from './child.js';
import { fmt, printTable } from './report.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '50000' },
    processes: { type: 'string', default: '4' },
    centrals: { type: 'string', default: '4' },
    'arrival-s': { type: 'string', default: '60' },
    'window-s': { type: 'string', default: '30' },
    // A step (POST, boot, start) may take long when the machine is shared: fail late.
    'step-timeout-s': { type: 'string', default: '600' },
  },
});
const count = Number(values.count);
const K = Number(values.processes);
const C = Number(values.centrals);
const perProcess = Math.ceil(count / K);
const perCentral = Math.ceil(count / C);
const problem = fdProblem(Math.max(perProcess, perCentral), openFileLimit());
if (problem) {
  process.stderr.write(
    `bench/shards: ${problem}\n(more --processes / --centrals, or bash bench/run.sh's ulimit)\n`,
  );
  process.exit(1);
}

process.stderr.write('bundling bench/central.ts and bench/fleet-run.ts …\n');
await bundle({ 'shards-central': './central.ts', 'shards-run': './fleet-run.ts' });

const t0 = performance.now();
const centrals: ChildProcess[] = [];
const urls: string[] = [];
for (let j = 0; j < C; j++) {
  const central = spawn(process.execPath, [`${OUT_DIR}shards-central.mjs`, 'FLEET-TAG'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  centrals.push(central);
  urls.push((await readJsonLine(central))['url'] as string);
}
const askAll = (): Promise<CentralView[]> =>
  Promise.all(centrals.map((c) => ask(c, 'totals') as unknown as Promise<CentralView>));
const atStart = await askAll();

interface ShardResult {
  count: number;
  bootMs: number;
  bootCpuMs: number;
  rssBase: number;
  rssCharging: number;
  lagP99Ms: number;
  lagMaxMs: number;
  messagesPerS: number;
  windowCpuPercent: number;
  errors: number;
  lastError: string | null;
}

const runners: ChildProcess[] = [];
const results: Promise<ShardResult>[] = [];
for (let i = 0; i < K; i++) {
  const runner = spawn(
    process.execPath,
    [
      '--expose-gc',
      '--max-old-space-size=8192',
      `${OUT_DIR}shards-run.mjs`,
      ...['--url', urls[i % C] as string, '--count', String(count), '--shard', `${i}/${K}`],
      ...['--arrival-s', values['arrival-s'], '--window-s', values['window-s'], '--hold'],
      ...['--step-timeout-s', values['step-timeout-s']],
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  runners.push(runner);
  const lines = createInterface({ input: runner.stdout as NodeJS.ReadableStream });
  results.push(
    (async () => {
      for await (const line of lines) {
        if (line.startsWith('{')) return JSON.parse(line) as ShardResult;
      }
      throw new Error(`fleet process ${i}/${K} ended without figures`);
    })(),
  );
}
const shards = await Promise.all(results);
const allChargingS = (performance.now() - t0) / 1000;
// Every shard has reported and holds its stations: what the central systems see now.
const load1 = loadavg()[0] ?? 0;
const now = await askAll();
const openTx = now.reduce((n, c) => n + c.totals.activeTransactions, 0);
const sessions = now.reduce((n, c) => n + c.connections, 0);
for (const r of runners) r.stdin?.end();
await Promise.all(runners.map((r) => once(r, 'exit')));
for (const c of centrals) c.stdin?.end();
await Promise.all(centrals.map((c) => once(c, 'exit')));

const mb = (bytes: number): string => `${fmt(bytes / 2 ** 20, 0)} MB`;
process.stdout.write(
  `\n${fmt(count)} stations in ${K} fleet processes against ${C} central processes: all charging after ${fmt(allChargingS, 1)} s; at that moment ${fmt(sessions)} sessions and ${fmt(openTx)} open transactions at the central systems (load ${fmt(load1, 2)})\n`,
);
printTable(
  'Fleet processes',
  [
    'shard',
    'stations',
    'all booted',
    'RSS baseline → charging',
    'RSS/station',
    'lag p99 / max',
    'CPU/station boot',
    'CPU charging',
    'OCPP frames/s',
    'errors',
  ],
  shards.map((r, i) => [
    `${i}/${K}`,
    fmt(r.count),
    `${fmt(r.bootMs / 1000, 1)} s`,
    `${mb(r.rssBase)} → ${mb(r.rssCharging)}`,
    `${fmt((r.rssCharging - r.rssBase) / r.count / 1024, 1)} KB`,
    `${fmt(r.lagP99Ms, 1)} / ${fmt(r.lagMaxMs, 0)} ms`,
    `${fmt(r.bootCpuMs / r.count, 2)} ms`,
    `${fmt(r.windowCpuPercent, 0)} %`,
    fmt(r.messagesPerS, 1),
    String(r.errors),
  ]),
);
printTable(
  'Central system processes (CPU averaged from their start to all charging)',
  ['central', 'sessions', 'open transactions', 'RSS', 'RSS/session', 'CPU'],
  now.map((c, j) => {
    const start = atStart[j] as CentralView;
    return [
      String(j),
      fmt(c.connections),
      fmt(c.totals.activeTransactions),
      mb(c.rss),
      `${fmt((c.rss - start.rss) / Math.max(1, c.connections) / 1024, 1)} KB`,
      `${fmt(((c.cpuMs - start.cpuMs) / (c.atMs - start.atMs)) * 100, 0)} % (${fmt((c.cpuMs - start.cpuMs) / 1000, 1)} s)`,
    ];
  }),
);
const summary = {
  bench: 'shards',
  count,
  K,
  C,
  allChargingS,
  sessions,
  openTx,
  load1,
  shards,
  centrals: now,
};
writeFileSync(`${OUT_DIR}shards-results.json`, `${JSON.stringify(summary, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(summary)}\n`);
if (sessions !== count || openTx !== count) process.exit(1);
