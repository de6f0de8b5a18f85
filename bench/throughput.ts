/**
 * The throughput phase, parent side (bench/fleet.ts): once the measured fleet reports its
 * charging figures, the central system sets every station's MeterValueSampleInterval to 1 s
 * with ChangeConfiguration (as an operator would from SteVe), the runner is told `go`, and
 * the central's CPU is read at the start and end of the runner's window
 * (bench/throughput-run.ts), so the figures say which side saturated.
 */
import type { ChildProcess } from 'node:child_process';
import { ask, type CentralView } from './child.js';
import { fmt, printTable, type Row } from './report.js';
import type { ThroughputResult } from './throughput-run.js';

/**
 * Sustained OCPP messages/s one fleet process should drive (issue 14). A message is one
 * OCPP-J frame (a CALL or its CALLRESULT each count), so the target is met on frames/s; the
 * CALLs answered/s are printed beside it, without a target.
 */
export const THROUGHPUT_TARGET = 10_000;

/** The runner's and the central system's figures of one throughput phase. */
export interface ThroughputFigures extends ThroughputResult {
  readonly stations: number;
  /** ChangeConfiguration answers: { stations, Accepted, …, failed, ms }. */
  readonly configured: Record<string, number>;
  readonly centralCpuPercent: number;
  readonly centralRss: number;
  /** `uptime`'s 1-minute load average at the end of the window (the machine is shared). */
  readonly load1: number;
}

/** Drives one fleet's throughput phase from the runner's stdout lines. */
export class ThroughputPhase {
  readonly #central: ChildProcess;
  readonly #runner: ChildProcess;
  #configured: Record<string, number> = {};
  #atWindow: CentralView | null = null;

  constructor(central: ChildProcess, runner: ChildProcess) {
    this.#central = central;
    this.#runner = runner;
  }

  /** The charging phase is over: switch every station to 1 s sampling and start the runner. */
  async start(): Promise<void> {
    this.#configured = (await ask(this.#central, 'config MeterValueSampleInterval 1')) as Record<
      string,
      number
    >;
    process.stderr.write(`  MeterValueSampleInterval 1: ${JSON.stringify(this.#configured)}\n`);
    this.#runner.stdin?.write('go\n');
  }

  /** A `{phase}` line of the runner: the window starts, or its figures (then returned). */
  async line(parsed: Record<string, unknown>, loadavg: number): Promise<ThroughputFigures | null> {
    if (parsed['phase'] === 'window') {
      this.#atWindow = (await ask(this.#central, 'totals')) as unknown as CentralView;
      return null;
    }
    const end = (await ask(this.#central, 'totals')) as unknown as CentralView;
    const start = this.#atWindow ?? end;
    const result = parsed as unknown as ThroughputResult;
    return {
      ...result,
      stations: this.#configured['stations'] ?? 0,
      configured: this.#configured,
      centralCpuPercent: ((end.cpuMs - start.cpuMs) / (end.atMs - start.atMs)) * 100,
      centralRss: end.rss,
      load1: loadavg,
    };
  }
}

/** CPU µs per answered CALL, from a CPU percentage and the CALLs per second. */
const perCall = (cpuPercent: number, callsPerS: number): number =>
  (cpuPercent / 100 / callsPerS) * 1e6;

/** Print the throughput table (pasteable into docs/benchmarks.md). */
export function printThroughput(all: readonly ThroughputFigures[]): void {
  const rows: Row[] = all.map((r) => {
    const met = (n: number): string =>
      `${n >= THROUGHPUT_TARGET ? 'met' : 'MISSED'} (${fmt(n / THROUGHPUT_TARGET, 2)}×)`;
    return [
      fmt(r.stations),
      fmt(r.callsPerS),
      `${fmt(r.framesPerS)} — ${met(r.framesPerS)}`,
      `${fmt(r.latencyP50Ms, 1)} / ${fmt(r.latencyP99Ms, 1)} / ${fmt(r.latencyMaxMs, 0)} ms`,
      `${fmt(r.backlogStart)} → ${fmt(r.backlogEnd)}`,
      `${fmt(r.cpuPercent, 0)} % / ${fmt(r.centralCpuPercent, 0)} %`,
      // CPU time per answered CALL: what a core of each side would sustain, load or not.
      `${fmt(perCall(r.cpuPercent, r.callsPerS))} / ${fmt(perCall(r.centralCpuPercent, r.callsPerS))} µs`,
      `${fmt(r.lagP99Ms, 1)} ms`,
      `${fmt(r.rss / 2 ** 20, 0)} MB / ${fmt(r.centralRss / 2 ** 20, 0)} MB`,
      String(r.failedCalls),
      fmt(r.load1, 2),
    ];
  });
  printTable(
    `Throughput: every station samples MeterValues each second (offered = N CALLs/s), window ${fmt((all[0]?.windowMs ?? 0) / 1000, 0)} s`,
    [
      'N',
      'CALL→CALLRESULT/s',
      `OCPP messages/s: frames, both directions (target ≥ ${fmt(THROUGHPUT_TARGET)})`,
      'latency p50 / p99 / max',
      'backlog start → end',
      'CPU fleet / central',
      'CPU per CALL fleet / central',
      'lag p99',
      'RSS fleet / central',
      'failed CALLs',
      'load (1 min)',
    ],
    rows,
  );
}
