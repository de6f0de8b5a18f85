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
    const injected = Object.values(result.faults).reduce((a, b) => a + b, 0);
    expect(injected).toBeGreaterThanOrEqual(4);
    expect(
      result.faults.centralKill + result.faults.centralOutage + result.faults.centralFreeze,
    ).toBeGreaterThan(0);
    expect(result.messages).toBeGreaterThan(0);
    expect(result.fleet?.exit).toBe(0);
    expect(result.fleet?.centralTx).toBe(result.fleet?.started);
    expect(result.problems).toEqual([]);
  });
});
