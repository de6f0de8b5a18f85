import { describe, expect, it } from 'vitest';
import { createProfileStore, evaluateProfile } from '../src/index.js';
import { at, profile } from './support/profiles.js';

const V230 = { voltage: 230, phases: 1 } as const;

describe('one profile over time (evaluateProfile)', () => {
  it('a daily recurring profile repeats its periods on each of two days', () => {
    // 22:00–06:00 at 32 A, 06:00–22:00 at 10 A, anchored at midnight of day 1.
    const night = profile({
      chargingProfileKind: 'Recurring',
      recurrencyKind: 'Daily',
      schedule: { startSchedule: '2026-03-01T00:00:00Z' },
      periods: [
        { startPeriod: 0, limit: 32 },
        { startPeriod: 6 * 3600, limit: 10 },
        { startPeriod: 22 * 3600, limit: 32 },
      ],
    });
    const seen = (iso: string) => {
      const e = evaluateProfile(night, at(iso), null);
      return [e.limit?.limit ?? null, new Date(e.nextChangeAt).toISOString()];
    };
    expect(seen('2026-03-01T03:00:00Z')).toEqual([32, '2026-03-01T06:00:00.000Z']);
    expect(seen('2026-03-01T12:00:00Z')).toEqual([10, '2026-03-01T22:00:00.000Z']);
    expect(seen('2026-03-01T23:00:00Z')).toEqual([32, '2026-03-02T00:00:00.000Z']);
    expect(seen('2026-03-02T05:59:59Z')).toEqual([32, '2026-03-02T06:00:00.000Z']);
    expect(seen('2026-03-02T06:00:00Z')).toEqual([10, '2026-03-02T22:00:00.000Z']);
    expect(seen('2026-03-02T22:00:00Z')).toEqual([32, '2026-03-03T00:00:00.000Z']);
    // Before its anchor a recurring profile is not in force yet.
    expect(seen('2026-02-28T23:00:00Z')).toEqual([null, '2026-03-01T00:00:00.000Z']);
  });

  it('a weekly recurring profile with a duration is in force only in its window each week', () => {
    const weekend = profile({
      chargingProfileKind: 'Recurring',
      recurrencyKind: 'Weekly',
      // Saturday 2026-03-07 00:00, for two days.
      schedule: { startSchedule: '2026-03-07T00:00:00Z', duration: 2 * 86_400 },
      periods: [{ startPeriod: 0, limit: 8 }],
    });
    expect(evaluateProfile(weekend, at('2026-03-08T12:00:00Z'), null).limit?.limit).toBe(8);
    const monday = evaluateProfile(weekend, at('2026-03-09T12:00:00Z'), null);
    expect(monday.limit).toBeNull();
    expect(new Date(monday.nextChangeAt).toISOString()).toBe('2026-03-14T00:00:00.000Z');
    expect(evaluateProfile(weekend, at('2026-03-14T00:00:00Z'), null).limit?.limit).toBe(8);
  });

  it('a Relative profile counts from the transaction start and needs one', () => {
    const rel = profile({
      chargingProfileKind: 'Relative',
      periods: [
        { startPeriod: 0, limit: 6 },
        { startPeriod: 600, limit: 20 },
      ],
    });
    const start = at('2026-03-01T10:00:00Z');
    expect(evaluateProfile(rel, start + 599_000, start).limit?.limit).toBe(6);
    expect(evaluateProfile(rel, start + 600_000, start).limit?.limit).toBe(20);
    expect(evaluateProfile(rel, start, null).limit).toBeNull();
  });

  it('an Absolute profile ends with its duration and honours validFrom/validTo', () => {
    const p = profile({
      validFrom: '2026-03-01T08:00:00Z',
      validTo: '2026-03-01T09:00:00Z',
      schedule: { startSchedule: '2026-03-01T07:00:00Z', duration: 7200 },
    });
    expect(evaluateProfile(p, at('2026-03-01T07:30:00Z'), null)).toEqual({
      limit: null,
      nextChangeAt: at('2026-03-01T08:00:00Z'),
    });
    expect(evaluateProfile(p, at('2026-03-01T08:30:00Z'), null)).toEqual({
      limit: { limit: 16, unit: 'A', numberPhases: 3 },
      nextChangeAt: at('2026-03-01T09:00:00Z'),
    });
    // validTo is exclusive.
    expect(evaluateProfile(p, at('2026-03-01T09:00:00Z'), null).limit).toBeNull();
    const long = profile({ schedule: { startSchedule: '2026-03-01T07:00:00Z', duration: 3600 } });
    expect(evaluateProfile(long, at('2026-03-01T07:59:59Z'), null).nextChangeAt).toBe(
      at('2026-03-01T08:00:00Z'),
    );
    expect(evaluateProfile(long, at('2026-03-01T08:00:00Z'), null).limit).toBeNull();
  });
});

describe('stacked profiles (OCPP 1.6 §3.13.2)', () => {
  const tx = { start: at('2026-03-01T00:00:00Z'), id: 7 };
  const ctx = { ...V230, transaction: tx };

  it('the highest stack level in force wins; validFrom/validTo switch between levels', () => {
    const store = createProfileStore();
    store.install(
      1,
      profile({ chargingProfileId: 1, stackLevel: 0, periods: [{ startPeriod: 0, limit: 20 }] }),
    );
    store.install(
      1,
      profile({
        chargingProfileId: 2,
        stackLevel: 3,
        validFrom: '2026-03-01T10:00:00Z',
        validTo: '2026-03-01T12:00:00Z',
        periods: [{ startPeriod: 0, limit: 8 }],
      }),
    );
    store.install(
      1,
      profile({
        chargingProfileId: 3,
        stackLevel: 1,
        validFrom: '2026-03-01T11:00:00Z',
        periods: [{ startPeriod: 0, limit: 12 }],
      }),
    );
    const walk = (iso: string) => {
      const l = store.limitAt(at(iso), 1, ctx);
      return [
        l.amps,
        l.profileId,
        l.nextChangeAt === null ? null : new Date(l.nextChangeAt).toISOString(),
      ];
    };
    expect(walk('2026-03-01T09:00:00Z')).toEqual([20, 1, '2026-03-01T10:00:00.000Z']);
    expect(walk('2026-03-01T10:00:00Z')).toEqual([8, 2, '2026-03-01T12:00:00.000Z']);
    // Level 3 still beats level 1 from 11:00 (it is the higher one, not the lower limit).
    expect(walk('2026-03-01T11:30:00Z')).toEqual([8, 2, '2026-03-01T12:00:00.000Z']);
    expect(walk('2026-03-01T12:00:00Z')).toEqual([12, 3, null]);
  });

  it('a higher level whose schedule has ended lets the lower level through', () => {
    const store = createProfileStore();
    store.install(
      1,
      profile({ chargingProfileId: 1, stackLevel: 0, periods: [{ startPeriod: 0, limit: 20 }] }),
    );
    store.install(
      1,
      profile({
        chargingProfileId: 2,
        stackLevel: 5,
        chargingProfileKind: 'Relative',
        schedule: { duration: 900 },
        periods: [{ startPeriod: 0, limit: 6 }],
      }),
    );
    expect(store.limitAt(tx.start + 60_000, 1, ctx)).toMatchObject({
      amps: 6,
      nextChangeAt: tx.start + 900_000,
    });
    expect(store.limitAt(tx.start + 900_000, 1, ctx)).toMatchObject({
      amps: 20,
      nextChangeAt: null,
    });
  });
});
