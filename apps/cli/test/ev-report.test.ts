// The lines `evse ev` prints for outcomes a live emulator reaches only after minutes (a GFCI
// retry is 5 min, RAPI.md §4.12) or on other servers: the pure functions, from statuses.
import { describe, expect, it } from 'vitest';
import { kindOfStatus } from '../src/ev/identify.js';
import { describeOutcome, type EvStatus } from '../src/ev/outcome.js';

const idle: EvStatus = {
  state: 'notConnected',
  pilotState: 1,
  fault: null,
  hardFault: false,
  injectedFaults: [],
  evConnected: false,
  evRequestingCharge: false,
  relayClosed: false,
  authLocked: false,
  currentCapacity: 24,
  ev: { socPercent: 50 },
};
const faulted = (fault: EvStatus['fault'], hardFault: boolean): EvStatus => ({
  ...idle,
  state: 'fault',
  pilotState: 0,
  fault,
  hardFault,
  evConnected: true,
});

describe('describeOutcome', () => {
  it('clear of a soft GFCI trip names the retry', () => {
    const before = { ...faulted('gfci', false), injectedFaults: ['gfci' as const] };
    expect(describeOutcome('clear', undefined, before, faulted('gfci', false))).toEqual({
      line: 'clear: removed gfci; the station stays in fault gfci: it retries within 5 min, or unplugging the EV clears it',
      effect: true,
    });
  });

  it('clear with nothing injected while a fault stays changes nothing', () => {
    const hot = faulted('overTemperature', false);
    expect(describeOutcome('clear', undefined, hot, hot)).toEqual({
      line: 'clear: nothing was injected; the station stays in fault overTemperature: unplugging the EV clears it',
      effect: false,
    });
  });

  it('charge under an auth lock says a card unlocks it', () => {
    const plugged = { ...idle, state: 'connected', pilotState: 2, evConnected: true };
    const locked = { ...plugged, authLocked: true };
    const out = describeOutcome('charge', undefined, plugged, locked);
    expect(out.effect).toBe(true);
    expect(out.line).toMatch(
      /^charge: the EV asks for charge, but charging is locked until a card is accepted/,
    );
  });

  it('a fault armed while another is present says both', () => {
    const out = describeOutcome('fault', 'noGround', idle, faulted('gfci', true));
    expect(out.line).toBe(
      'fault noGround armed: trips 1 s after the relay closes; the station is in fault gfci now',
    );
  });
});

describe('kindOfStatus', () => {
  it('tells an emulator, a bridge and a fleet apart', () => {
    expect(kindOfStatus({ ...idle, evseState: 1 })).toBe('emulator');
    expect(kindOfStatus({ station: idle, transaction: null, queued: 0 })).toBe('bridge');
    expect(kindOfStatus({ type: 'summary', stations: 3, booted: 3 })).toBe('fleet');
    expect(kindOfStatus({ hello: 1 })).toBe('unknown');
    expect(kindOfStatus('text')).toBe('unknown');
  });
});
