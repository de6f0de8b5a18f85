/**
 * Smart charging over two days on a virtual clock: the charge point's loop — take a step, sleep
 * until its wakeAt, take the next — and the commands the controller would be sent.
 */
import { describe, expect, it } from 'vitest';
import {
  type ChargingContext,
  createProfileStore,
  type ProfileStore,
  smartChargingStep,
} from '../src/index.js';
import { at, profile } from './support/profiles.js';

/** Follow wakeAt from `from` to `to`; the command of each change (the loop sends on change only). */
function run(store: ProfileStore, from: number, to: number, ctx: ChargingContext) {
  const sent: string[] = [];
  let last = '';
  for (let t: number | null = from; t !== null && t < to; ) {
    const step = smartChargingStep(store, t, 1, ctx, { maxAmps: 32 });
    const said = step.action.kind === 'current' ? step.action.command : step.action.kind;
    if (said !== last) sent.push(`${new Date(t).toISOString().slice(5, 16)} ${said}`);
    last = said;
    t = step.wakeAt;
  }
  return sent;
}

describe('smart charging over two days (virtual clock)', () => {
  it('a daily site limit, a default and a TxProfile that pauses the first hour', () => {
    const store = createProfileStore();
    store.install(
      0,
      profile({
        chargingProfileId: 1,
        chargingProfilePurpose: 'ChargePointMaxProfile',
        chargingProfileKind: 'Recurring',
        recurrencyKind: 'Daily',
        schedule: { startSchedule: '2026-03-01T00:00:00Z' },
        periods: [
          { startPeriod: 0, limit: 32 },
          { startPeriod: 18 * 3600, limit: 10 },
          { startPeriod: 21 * 3600, limit: 32 },
        ],
      }),
    );
    store.install(0, profile({ chargingProfileId: 2, periods: [{ startPeriod: 0, limit: 24 }] }));
    const start = at('2026-03-01T17:00:00Z');
    store.install(
      1,
      profile({
        chargingProfileId: 3,
        stackLevel: 2,
        chargingProfilePurpose: 'TxProfile',
        chargingProfileKind: 'Relative',
        transactionId: 9,
        schedule: { duration: 3600, chargingRateUnit: 'W' },
        periods: [{ startPeriod: 0, limit: 920 }], // 4 A at 230 V: below what J1772 signals
      }),
    );
    const ctx = { voltage: 230, phases: 1, transaction: { start, id: 9 } };
    expect(run(store, start, at('2026-03-03T08:00:00Z'), ctx)).toEqual([
      '03-01T17:00 pause',
      '03-01T18:00 $SC 10 V',
      '03-01T21:00 $SC 24 V',
      '03-02T18:00 $SC 10 V',
      '03-02T21:00 $SC 24 V',
    ]);
    // After the transaction its TxProfile is gone and the Tx profiles no longer apply: only
    // the site limit is left, and the station's own current stands below it.
    store.transactionEnded(1);
    const after = smartChargingStep(
      store,
      at('2026-03-03T19:00:00Z'),
      1,
      { voltage: 230, phases: 1 },
      { maxAmps: 32 },
    );
    expect(after).toMatchObject({
      action: { kind: 'current', amps: 10 },
      claim: { chargeCurrent: 10 },
    });
    expect(store.list().map((i) => i.profile.chargingProfileId)).toEqual([1, 2]);
  });

  it('with no profile there is nothing to do and nothing to wake for', () => {
    const step = smartChargingStep(createProfileStore(), 0, 1, { voltage: 230 }, { maxAmps: 32 });
    expect(step).toEqual({
      limit: { amps: null, watts: null, phases: null, nextChangeAt: null, profileId: null },
      action: { kind: 'none' },
      claim: {},
      wakeAt: null,
    });
  });
});
