/**
 * The throughput phase of a measured fleet (runner side, called by bench/fleet-run.ts once
 * every station charges): the parent has had the central system set every station's
 * MeterValueSampleInterval to 1 s (ChangeConfiguration, bench/central.ts), so N stations
 * offer N MeterValues.req per second; OCPP-J allows one outstanding CALL per connection
 * (STEVE.md §5.1), so past saturation the backlog grows in each charge point's queue and
 * the answered CALLs/s is what the process sustains. CALL→CALLRESULT times come from
 * @evse/ocpp15's diagnostics channel (CALL_TIMING_CHANNEL), every charge point at once.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { once } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { CALL_TIMING_CHANNEL, type CallTiming } from '../packages/ocpp15/src/index.js';
import { percentile } from './report.js';

/** What the phase needs of the fleet (`runFleet()`'s result). */
export interface MeasuredFleet {
  readonly stats: { readonly messages: number; readonly errors: number };
  queueDepth(): number;
}

/** The phase's figures, one JSON line on stdout. */
export interface ThroughputResult {
  readonly phase: 'throughput';
  readonly windowMs: number;
  /** CALLs answered with a CALLRESULT per second, all actions. */
  readonly callsPerS: number;
  /** Of which MeterValues. */
  readonly meterValuesPerS: number;
  /** OCPP frames per second, both directions (each CALL and its CALLRESULT count once). */
  readonly framesPerS: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly latencyMaxMs: number;
  /** CALLs that ended in CALLERROR, timeout or a closed socket during the window. */
  readonly failedCalls: number;
  /** Undelivered transaction messages at the start and end of the window (growth = saturated). */
  readonly backlogStart: number;
  readonly backlogEnd: number;
  readonly lagP99Ms: number;
  readonly cpuPercent: number;
  readonly rss: number;
  readonly errors: number;
}

/**
 * Wait for `go` on stdin (the central system has changed the interval), let sampling settle
 * for `warmupMs`, print `{"phase":"window"}` (the parent reads the central's CPU then), then
 * measure over `windowMs` and return the figures.
 */
export async function throughputPhase(
  fleet: MeasuredFleet,
  windowMs: number,
  warmupMs: number,
): Promise<ThroughputResult> {
  const input = createInterface({ input: process.stdin });
  const [line] = (await once(input, 'line')) as [string];
  input.close();
  if (line.trim() !== 'go') throw new Error(`throughput phase: expected "go", got "${line}"`);
  await new Promise((r) => setTimeout(r, warmupMs));

  const latencies: number[] = [];
  let meterValues = 0;
  let failed = 0;
  const onTiming = (message: unknown): void => {
    const t = message as CallTiming;
    if (t.outcome !== 'result') {
      failed++;
      return;
    }
    latencies.push(t.ms);
    if (t.action === 'MeterValues') meterValues++;
  };
  const lag = monitorEventLoopDelay({ resolution: 10 });
  process.stdout.write(`${JSON.stringify({ phase: 'window' })}\n`);
  const backlogStart = fleet.queueDepth();
  const frames0 = fleet.stats.messages;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  subscribe(CALL_TIMING_CHANNEL, onTiming);
  lag.enable();
  await new Promise((r) => setTimeout(r, windowMs));
  unsubscribe(CALL_TIMING_CHANNEL, onTiming);
  lag.disable();
  const elapsed = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const perS = (n: number): number => (n * 1000) / elapsed;
  return {
    phase: 'throughput',
    windowMs: elapsed,
    callsPerS: perS(latencies.length),
    meterValuesPerS: perS(meterValues),
    framesPerS: perS(fleet.stats.messages - frames0),
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    latencyMaxMs: latencies.reduce((a, b) => Math.max(a, b), 0),
    failedCalls: failed,
    backlogStart,
    backlogEnd: fleet.queueDepth(),
    lagP99Ms: lag.percentile(99) / 1e6,
    cpuPercent: ((cpu.user + cpu.system) / 1000 / elapsed) * 100,
    rss: process.memoryUsage().rss,
    errors: fleet.stats.errors,
  };
}
