// The chaos harness itself (bench/chaos/run.ts, `pnpm chaos`) must not rot: a few seconds of it
// with a fixed seed and a handful of faults, real processes (evse central --db, evse bridge
// --queue over a PTY, evse fleet), then the database reconciled. The long run and its counts
// are in docs/reliability.md § Chaos.
import { describe, expect, it } from 'vitest';
import { runChaos } from '../bench/chaos/run.js';

describe('the chaos harness', () => {
  it('injects faults into real processes and reconciles the central database', {
    timeout: 240_000,
  }, async () => {
    const result = await runChaos({
      seed: 17,
      durationS: 12,
      bridges: 1,
      fleetCount: 2,
      fleetSpeed: 60,
      centralGapS: [3, 5],
      stationGapS: [1, 2],
    });
    // Each fault waits for its recovery, so a loaded machine fits fewer into 12 s (3 were seen
    // at load 5): at least one on each side is what shows the harness injects.
    const central =
      result.faults.centralKill + result.faults.centralOutage + result.faults.centralFreeze;
    const injected = Object.values(result.faults).reduce((a, b) => a + b, 0);
    expect(central).toBeGreaterThan(0);
    expect(injected - central).toBeGreaterThan(0);
    expect(result.messages).toBeGreaterThan(0);
    expect(result.fleet?.exit).toBe(0);
    expect(result.fleet?.centralTx).toBe(result.fleet?.started);
    expect(result.problems).toEqual([]);
  });
});
