import { describe, expect, it } from 'vitest';
import { createEmulator, createVirtualClock } from '../src/index.js';

/** Charge for `minutes` of virtual time and report energy and timers run. */
async function charge(chargingLoopMs: number | undefined, minutes: number) {
  const clock = createVirtualClock();
  let timers = 0;
  const counting = {
    ...clock,
    setTimeout(fn: () => void, ms: number) {
      return clock.setTimeout(() => {
        timers++;
        fn();
      }, ms);
    },
  };
  const emulator = createEmulator({
    clock: counting,
    ...(chargingLoopMs === undefined ? {} : { chargingLoopMs }),
  });
  clock.advance(3000); // POST
  emulator.control.plugIn();
  clock.advance(2000);
  emulator.control.startCharging();
  clock.advance(5000);
  expect(emulator.control.status().state).toBe('charging');
  timers = 0;
  clock.advance(minutes * 60_000);
  const { sessionWs } = emulator.control.status();
  await emulator.close();
  return { sessionWs, timers };
}

describe('chargingLoopMs', () => {
  it('runs the steady charging loop at the given period with the same energy', async () => {
    const fine = await charge(undefined, 10);
    const coarse = await charge(1000, 10);
    // Energy is integrated over elapsed time: the totals agree to within one 1 s step.
    expect(coarse.sessionWs).toBeGreaterThan(0);
    expect(Math.abs(coarse.sessionWs - fine.sessionWs)).toBeLessThan(fine.sessionWs * 0.01);
    // 10 min at 100 ms is ~6000 loop passes; at 1 s ~600.
    expect(fine.timers).toBeGreaterThan(5000);
    expect(coarse.timers).toBeLessThan(fine.timers / 5);
  });

  it('refuses a period that is not a positive number', () => {
    expect(() => createEmulator({ chargingLoopMs: 0 })).toThrow(
      /options\.chargingLoopMs must be a number > 0, got 0/,
    );
    expect(() => createEmulator({ chargingLoopMs: Number.NaN })).toThrow(/chargingLoopMs/);
  });
});
