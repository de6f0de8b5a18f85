// advanceRegister: `$GU`'s session and lifetime counters (RAPI.md §4.7) folded into one
// register that counts every Wh once across unplugs and re-plugs.
import { describe, expect, it } from 'vitest';
import { advanceRegister, trackFrom, trackSince } from '../src/charge-point/meter-read.js';
import type { MeterReading } from '../src/station.js';

const reading = (lifetimeWh: number, sessionWh: number): MeterReading => ({
  at: new Date(0),
  sessionWs: sessionWh * 3600,
  sessionWh,
  lifetimeWh,
  currentMa: 0,
  voltageMv: 240_000,
  powerW: 0,
  temperatureC: null,
});

/** Fold readings (lifetime, session, plug-in reported since the last) into the register. */
function registerAfter(steps: readonly [number, number, boolean][]): number {
  const [first, ...rest] = steps;
  if (!first) throw new Error('no steps');
  let track = trackFrom(reading(first[0], first[1]));
  for (const [l, s, plugged] of rest) track = advanceRegister(track, reading(l, s), plugged);
  return track.registerWh;
}

describe('advanceRegister', () => {
  it('counts a session as lifetime at start + session Wh, and the same after the unplug', () => {
    expect(
      registerAfter([
        [100, 0, true],
        [100, 4, true],
        [100, 7, true],
      ]),
    ).toBe(107);
    // Unplugged: lifetime took in the 7 Wh, the session counter still shows them.
    expect(
      registerAfter([
        [100, 0, true],
        [100, 4, true],
        [107, 7, false],
      ]),
    ).toBe(107);
    expect(
      registerAfter([
        [100, 0, true],
        [107, 7, false],
        [107, 7, false],
      ]),
    ).toBe(107);
  });

  it('adds a new plug-in session begun after the unplug, once the station reported the plug-in', () => {
    // Unplugged at 7 Wh, plugged in again: 2 Wh in the new session.
    expect(
      registerAfter([
        [100, 0, false],
        [100, 4, false],
        [107, 2, true],
      ]),
    ).toBe(109);
    // The counter shows what the old session left (7 Wh): the old one, read before the reset
    // that the status already reported, or a new one with as much; not counted twice.
    expect(
      registerAfter([
        [100, 0, false],
        [100, 4, false],
        [107, 7, true],
      ]),
    ).toBe(107);
    // The session counter went back: a new session, reported or not.
    expect(
      registerAfter([
        [100, 0, false],
        [107, 7, false],
        [107, 0, false],
        [107, 3, false],
      ]),
    ).toBe(110);
  });

  it('does not count the old session twice when no plug-in was reported', () => {
    // Two sessions (7 + 5 Wh) ended between two readings; the counter shows the last one.
    expect(
      registerAfter([
        [100, 0, false],
        [100, 4, false],
        [112, 5, false],
      ]),
    ).toBe(112);
    // Ended, and a new one with 1 Wh so far that the station reported.
    expect(
      registerAfter([
        [100, 0, false],
        [100, 4, false],
        [112, 1, true],
      ]),
    ).toBe(113);
  });

  it('never goes back when the lifetime counter is set back ($SK)', () => {
    expect(
      registerAfter([
        [100, 0, true],
        [100, 4, true],
        [0, 5, true],
        [0, 6, true],
      ]),
    ).toBe(106);
  });
});

describe('a restart ending a transaction whose start counters are not known (trackSince)', () => {
  /** The register a restart reads for a transaction that started at `meterStart`. */
  const registerAt = (meterStart: number, lifetimeWh: number, sessionWh: number): number => {
    const r = reading(lifetimeWh, sessionWh);
    return advanceRegister(trackSince(meterStart, r), r, false).registerWh;
  };

  it('counts the open session on top while lifetime still reads meterStart', () => {
    expect(registerAt(100, 100, 7)).toBe(107);
  });

  it('is the lifetime counter once it took the session in (unplugged)', () => {
    expect(registerAt(100, 107, 7)).toBe(107);
    expect(registerAt(100, 107, 0)).toBe(107);
  });

  it('after `$SK` set lifetime back below meterStart, adds the session to meterStart', () => {
    // Lifetime set to 0 during the transaction, 6 Wh charged in the session: none lost.
    expect(registerAt(50_000, 0, 6)).toBe(50_006);
    // Set back and then unplugged: lifetime took in the session, which the counter still shows.
    expect(registerAt(50_000, 6, 6)).toBe(50_006);
  });

  it('a transaction begun mid-session (meterStart = lifetime + session Wh then) counts its growth once', () => {
    // An earlier transaction of the same plug-in ended at 100 + 7; this one charged 3 more.
    expect(registerAt(107, 100, 10)).toBe(110);
  });

  it('never goes below meterStart', () => {
    for (const [l, s] of [
      [0, 0],
      [0, 99],
      [99, 0],
      [99, 3],
      [100, 0],
    ] as const) {
      expect(registerAt(100, l, s)).toBeGreaterThanOrEqual(100);
    }
  });
});
