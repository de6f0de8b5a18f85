import { describe, expect, it } from 'vitest';
import { actionClaim, controllerAction, createProfileStore } from '../src/index.js';
import { at, profile } from './support/profiles.js';

const start = at('2026-03-01T18:00:00Z');

describe('composite limit (OCPP 1.6 §3.13.3)', () => {
  it('a TxProfile ending mid-session falls back to the TxDefaultProfile', () => {
    const store = createProfileStore();
    store.install(0, profile({ chargingProfileId: 1, periods: [{ startPeriod: 0, limit: 24 }] }));
    store.install(
      1,
      profile({
        chargingProfileId: 2,
        chargingProfilePurpose: 'TxProfile',
        transactionId: 41,
        chargingProfileKind: 'Relative',
        schedule: { duration: 1800 },
        periods: [{ startPeriod: 0, limit: 10 }],
      }),
    );
    const ctx = { voltage: 230, phases: 1, transaction: { start, id: 41 } };
    expect(store.limitAt(start + 60_000, 1, ctx)).toMatchObject({ amps: 10, profileId: 2 });
    const end = start + 1_800_000;
    expect(store.limitAt(start + 60_000, 1, ctx).nextChangeAt).toBe(end);
    expect(store.limitAt(end, 1, ctx)).toMatchObject({
      amps: 24,
      profileId: 1,
      nextChangeAt: null,
    });
    // A TxProfile for another transaction does not apply.
    expect(store.limitAt(start, 1, { ...ctx, transaction: { start, id: 42 } }).amps).toBe(24);
    // Without a transaction, no Tx profile applies (as MicroOcpp 1.2).
    expect(store.limitAt(start, 1, { voltage: 230, phases: 1 }).amps).toBeNull();
  });

  it('the transaction ending removes its TxProfile', () => {
    const store = createProfileStore();
    store.install(1, profile({ chargingProfileId: 5, chargingProfilePurpose: 'TxProfile' }));
    store.install(1, profile({ chargingProfileId: 6 }));
    expect(store.transactionEnded(1)).toEqual([5]);
    expect(store.list().map((i) => i.profile.chargingProfileId)).toEqual([6]);
    expect(store.transactionEnded(1)).toEqual([]);
  });

  it('a ChargePointMaxProfile caps the transaction limit, also with no transaction', () => {
    const store = createProfileStore();
    store.install(
      0,
      profile({
        chargingProfileId: 1,
        chargingProfilePurpose: 'ChargePointMaxProfile',
        schedule: { startSchedule: '2026-03-01T00:00:00Z' },
        periods: [{ startPeriod: 0, limit: 13 }],
      }),
    );
    store.install(1, profile({ chargingProfileId: 2, periods: [{ startPeriod: 0, limit: 30 }] }));
    const ctx = { voltage: 230, phases: 1, transaction: { start } };
    expect(store.limitAt(start, 1, ctx)).toMatchObject({ amps: 13, profileId: 1 });
    expect(store.limitAt(start, 1, { voltage: 230, phases: 1 })).toMatchObject({
      amps: 13,
      profileId: 1,
    });
    store.install(1, profile({ chargingProfileId: 2, periods: [{ startPeriod: 0, limit: 9 }] }));
    expect(store.limitAt(start, 1, ctx)).toMatchObject({ amps: 9, profileId: 2 });
    // Connector 0 is the whole charge point: the ChargePointMaxProfile alone.
    expect(store.limitAt(start, 0, ctx)).toMatchObject({ amps: 13, profileId: 1 });
  });

  it('an Absolute profile without startSchedule runs from the transaction start (as MicroOcpp 1.2)', () => {
    const store = createProfileStore();
    store.install(
      0,
      profile({
        chargingProfilePurpose: 'ChargePointMaxProfile',
        periods: [
          { startPeriod: 0, limit: 11 },
          { startPeriod: 60, limit: 7 },
        ],
      }),
    );
    expect(store.limitAt(start, 1, { voltage: 230 }).amps).toBeNull();
    const ctx = { voltage: 230, transaction: { start } };
    expect(store.limitAt(start + 59_000, 1, ctx)).toMatchObject({
      amps: 11,
      nextChangeAt: start + 60_000,
    });
    expect(store.limitAt(start + 60_000, 1, ctx).amps).toBe(7);
  });

  it("a connector's own TxDefaultProfile beats connector 0's (as MicroOcpp 1.2)", () => {
    const store = createProfileStore();
    store.install(
      0,
      profile({ chargingProfileId: 1, stackLevel: 4, periods: [{ startPeriod: 0, limit: 8 }] }),
    );
    store.install(
      1,
      profile({ chargingProfileId: 2, stackLevel: 0, periods: [{ startPeriod: 0, limit: 20 }] }),
    );
    expect(store.limitAt(start, 1, { voltage: 230, transaction: { start } }).amps).toBe(20);
    store.clear({ id: 2 });
    expect(store.limitAt(start, 1, { voltage: 230, transaction: { start } }).amps).toBe(8);
  });

  it('W limits are converted with the measured voltage and the phases', () => {
    const store = createProfileStore();
    store.install(
      0,
      profile({ schedule: { chargingRateUnit: 'W' }, periods: [{ startPeriod: 0, limit: 7000 }] }),
    );
    const tx = { start };
    // Single-phase OpenEVSE at 240 V: 7000 / 240 = 29.16… → 29.1 A (never above the limit).
    expect(store.limitAt(start, 1, { voltage: 240, phases: 1, transaction: tx })).toMatchObject({
      amps: 29.1,
      watts: 7000,
      phases: 1,
    });
    // Three phases (the 1.6 default when the station does not say): 7000 / (3 × 230) = 10.1 A.
    expect(store.limitAt(start, 1, { voltage: 230, transaction: tx })).toMatchObject({
      amps: 10.1,
      phases: 3,
    });
    // An A limit gives watts the other way.
    store.install(
      0,
      profile({
        chargingProfileId: 2,
        stackLevel: 1,
        periods: [{ startPeriod: 0, limit: 10, numberPhases: 1 }],
      }),
    );
    expect(store.limitAt(start, 1, { voltage: 230, transaction: tx })).toMatchObject({
      amps: 10,
      watts: 2300,
      phases: 1,
    });
    // Without a measured voltage there is no conversion: a caller's mistake, said at once.
    expect(() => store.limitAt(start, 1, { voltage: 0, transaction: tx })).toThrow('ctx.voltage');
  });
});

describe('what the controller is told', () => {
  const range = { maxAmps: 32 };

  it('whole amps by $SC n V, rounded down and clamped to the maximum', () => {
    expect(controllerAction({ amps: 10 }, range)).toEqual({
      kind: 'current',
      amps: 10,
      command: '$SC 10 V',
    });
    expect(controllerAction({ amps: 29.1 }, range)).toEqual({
      kind: 'current',
      amps: 29,
      command: '$SC 29 V',
    });
    expect(controllerAction({ amps: 48 }, range)).toEqual({
      kind: 'current',
      amps: 32,
      command: '$SC 32 V',
    });
    expect(controllerAction({ amps: 6 }, range)).toMatchObject({ kind: 'current', amps: 6 });
  });

  it('below 6 A pauses (J1772 cannot signal less); no limit leaves the station alone', () => {
    expect(controllerAction({ amps: 5.9 }, range)).toEqual({ kind: 'pause', limitAmps: 5.9 });
    expect(controllerAction({ amps: 0 }, range)).toEqual({ kind: 'pause', limitAmps: 0 });
    expect(controllerAction({ amps: 7 }, { ...range, minAmps: 8 })).toMatchObject({
      kind: 'pause',
    });
    expect(controllerAction({ amps: null }, range)).toEqual({ kind: 'none' });
  });

  it('as arbiter claim properties: disabled for a pause, chargeCurrent for a current', () => {
    expect(actionClaim({ kind: 'pause', limitAmps: 3 })).toEqual({ state: 'disabled' });
    expect(actionClaim({ kind: 'current', amps: 10, command: '$SC 10 V' })).toEqual({
      chargeCurrent: 10,
    });
    expect(actionClaim({ kind: 'none' })).toEqual({});
  });
});
