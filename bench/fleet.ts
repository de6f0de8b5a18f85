/**
 * Fleet benchmark: N = 1,000 / 5,000 / 10,000 emulated stations (bench/fleet-run.ts, one
 * process) against the SteVe-like central system in a separate process (bench/central.ts).
 * Both are bundled first (bench/bundle.ts) so the figures are those of built code.
 * Prints, per N: time until all booted, RSS per station (baseline = the same process before
 * any station, after GC), event-loop lag p99 while every station charges and sends
 * MeterValues every 60 s, OCPP messages/s — each with its target and the ratio to it.
 * With --throughput-s S, then the throughput phase (bench/throughput.ts): every station samples
 * MeterValues each second; sustained CALL→CALLRESULT/s and p99 latency over S seconds.
 * Run: bash bench/run.sh   (raises `ulimit -n`)
 * Options: --sizes 1000,5000 --window-s 60 --semi-space-mb 0 (0: Node's default young generation)
 *          --throughput-s 30 (0: no throughput phase) --ocpp-version 1.5|1.6|mix
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { fdProblem, openFileLimit } from '@evse/fleet';
import { bundle, OUT_DIR } from './bundle.js';
import { readJsonLine } from './child.js';
import { fmt, printTable, type Row } from './report.js';
import { printThroughput, type ThroughputFigures, ThroughputPhase } from './throughput.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,5000,10000' },
    'window-s': { type: 'string', default: '60' },
    // 0 = Node's default young generation; N = --max-semi-space-size=N.
    'semi-space-mb': { type: 'string', default: '0' },
    'throughput-s': { type: 'string', default: '0' },
    // The stations' OCPP version (1.5, 1.6, mix); the central system serves both.
    'ocpp-version': { type: 'string', default: '1.5' },
  },
});
const semiSpaceMb = Number(values['semi-space-mb']);
const sizes = values.sizes.split(',').map(Number);
const TARGET = { bootS: 60, rssKb: 64, lagMs: 100 };

const limit = openFileLimit();
const problem = fdProblem(Math.max(...sizes), limit);
if (problem) {
  process.stderr.write(`bench/fleet: ${problem}\n(bench/run.sh raises the limit for you)\n`);
  process.exit(1);
}

process.stderr.write('bundling bench/central.ts and bench/fleet-run.ts …\n');
await bundle({ central: './central.ts', 'fleet-run': './fleet-run.ts' });

interface RunResult {
  count: number;
  bootMs: number;
  bootCpuMs: number;
  bootLagP99Ms: number;
  rssBase: number;
  rssBooted: number;
  rssCharging: number;
  heapBase: number;
  heapCharging: number;
  lagP99Ms: number;
  lagMaxMs: number;
  messagesPerS: number;
  windowCpuPercent: number;
  errors: number;
  central: { totals: { activeTransactions: number }; connections: number; rss: number };
}

const results: RunResult[] = [];
const throughputs: ThroughputFigures[] = [];
for (const count of sizes) {
  process.stderr.write(`fleet of ${count}: starting the central system …\n`);
  const central = spawn(process.execPath, [`${OUT_DIR}central.mjs`, 'FLEET-TAG'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const { url } = (await readJsonLine(central)) as { url: string };
  const runner = spawn(
    process.execPath,
    [
      '--expose-gc',
      '--max-old-space-size=8192',
      // Node's default young generation unless asked: a 64 MB one (--semi-space-mb 64) once
      // halved the 10,000-station boot, when every message left far more garbage; now it
      // buys ~10 % of boot time for ~9 KB more RSS per station (docs/benchmarks.md).
      ...(semiSpaceMb > 0 ? [`--max-semi-space-size=${semiSpaceMb}`] : []),
      `${OUT_DIR}fleet-run.mjs`,
      '--url',
      url,
      '--count',
      String(count),
      '--window-s',
      values['window-s'],
      '--throughput-s',
      values['throughput-s'],
      '--ocpp-version',
      values['ocpp-version'],
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const throughput = new ThroughputPhase(central, runner);
  const exited = once(runner, 'exit');
  const lines = createInterface({ input: runner.stdout as NodeJS.ReadableStream });
  let result: Record<string, unknown> | null = null;
  let centralView: Record<string, unknown> | null = null;
  for await (const line of lines) {
    if (!line.startsWith('{')) continue;
    const parsed = JSON.parse(line) as Record<string, unknown>;
    if (parsed['phase']) {
      const figures = await throughput.line(parsed, loadavg()[0] ?? 0);
      if (figures) throughputs.push(figures);
      continue;
    }
    result = parsed;
    // What the central system recorded while every station charges.
    central.stdin?.write('totals\n');
    centralView = await readJsonLine(central);
    if (Number(values['throughput-s']) > 0) await throughput.start();
  }
  runner.stdin?.end();
  const [code] = (await exited) as [number | null];
  central.stdin?.end();
  await once(central, 'exit');
  if (code !== 0 || !result || !centralView) {
    process.stderr.write(`fleet of ${count}: the run failed (exit ${code})\n`);
    process.exit(1);
  }
  results.push({
    ...(result as unknown as RunResult),
    central: centralView as RunResult['central'],
  });
  process.stderr.write(`fleet of ${count}: ${JSON.stringify(results.at(-1))}\n`);
}

const ratio = (measured: number, target: number, lowerIsBetter = true): string => {
  const met = lowerIsBetter ? measured <= target : measured >= target;
  return `${met ? 'met' : 'MISSED'} (${fmt(measured / target, 2)}× target)`;
};
const rows: Row[] = results.map((r) => {
  const perStationKb = (r.rssCharging - r.rssBase) / r.count / 1024;
  return [
    fmt(r.count),
    `${fmt(r.bootMs / 1000, 1)} s — ${ratio(r.bootMs / 1000, TARGET.bootS)}`,
    `${fmt(perStationKb, 1)} KB — ${ratio(perStationKb, TARGET.rssKb)}`,
    `${fmt(r.rssBase / 2 ** 20, 0)} MB → ${fmt(r.rssCharging / 2 ** 20, 0)} MB`,
    `${fmt(r.lagP99Ms, 1)} ms — ${ratio(r.lagP99Ms, TARGET.lagMs)}`,
    fmt(r.messagesPerS, 1),
    `${fmt(r.windowCpuPercent, 0)} %`,
    `${fmt(r.bootCpuMs / r.count, 2)} ms`,
    String(r.errors),
  ];
});
printTable(
  `Fleet: stations in one process, central system in another (window ${values['window-s']} s, MeterValues every 60 s per station, OCPP ${values['ocpp-version']}, ${semiSpaceMb > 0 ? `--max-semi-space-size=${semiSpaceMb}` : "Node's default young generation"})`,
  [
    'N',
    `all booted (target ≤ ${TARGET.bootS} s)`,
    `RSS/station (target ≤ ${TARGET.rssKb} KB)`,
    'RSS baseline → charging',
    `lag p99 (target < ${TARGET.lagMs} ms)`,
    'OCPP msg/s',
    'CPU while charging',
    'CPU/station boot',
    'errors',
  ],
  rows,
);
if (throughputs.length > 0) printThroughput(throughputs);
writeFileSync(
  `${OUT_DIR}fleet-results.json`,
  `${JSON.stringify({ results, throughputs }, null, 2)}\n`,
);
process.stdout.write(`${JSON.stringify({ bench: 'fleet', results, throughputs })}\n`);
