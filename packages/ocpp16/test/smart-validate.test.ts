import { describe, expect, it } from 'vitest';
import { type ChargingProfile, parseDateTime, validateProfile } from '../src/index.js';
import { profile } from './support/profiles.js';

const tx = { start: 0, id: 41 };
const ctx = { connectors: 1, transaction: (c: number) => (c === 1 ? tx : null) };
const idle = { connectors: 1, transaction: () => null };
const verdict = (p: ChargingProfile, connectorId = 1, c = ctx) => {
  const v = validateProfile(p, connectorId, c);
  return v.ok ? 'ok' : v.reason;
};

describe('validateProfile: what SetChargingProfile answers Rejected for (OCPP 1.6 §5.16)', () => {
  it('accepts a well-formed profile of each purpose where it belongs', () => {
    expect(verdict(profile(), 0)).toBe('ok');
    expect(verdict(profile(), 1)).toBe('ok');
    expect(verdict(profile({ chargingProfilePurpose: 'ChargePointMaxProfile' }), 0)).toBe('ok');
    expect(verdict(profile({ chargingProfilePurpose: 'TxProfile' }), 1)).toBe('ok');
    expect(verdict(profile({ chargingProfilePurpose: 'TxProfile', transactionId: 41 }), 1)).toBe(
      'ok',
    );
  });

  it.each<[string, ChargingProfile, number, typeof ctx | typeof idle, string]>([
    ['a connector that does not exist', profile(), 2, ctx, 'connectorId: 2 is not 0…1'],
    [
      'ChargePointMaxProfile on a connector',
      profile({ chargingProfilePurpose: 'ChargePointMaxProfile' }),
      1,
      ctx,
      'ChargePointMaxProfile: only on connectorId 0',
    ],
    [
      'TxProfile on connector 0',
      profile({ chargingProfilePurpose: 'TxProfile' }),
      0,
      ctx,
      'TxProfile: not on connectorId 0',
    ],
    [
      'TxProfile without a transaction',
      profile({ chargingProfilePurpose: 'TxProfile' }),
      1,
      idle,
      'TxProfile: no transaction on connector 1',
    ],
    [
      'TxProfile for another transaction',
      profile({ chargingProfilePurpose: 'TxProfile', transactionId: 40 }),
      1,
      ctx,
      'TxProfile: transaction 40 is not the one on connector 1',
    ],
    [
      'transactionId on a TxDefaultProfile',
      profile({ transactionId: 41 }),
      1,
      ctx,
      'transactionId: only a TxProfile belongs to a transaction',
    ],
    [
      'Recurring without recurrencyKind',
      profile({
        chargingProfileKind: 'Recurring',
        schedule: { startSchedule: '2026-03-01T00:00:00Z' },
      }),
      1,
      ctx,
      'recurrencyKind: required for a Recurring profile',
    ],
    [
      'Recurring without startSchedule',
      profile({ chargingProfileKind: 'Recurring', recurrencyKind: 'Daily' }),
      1,
      ctx,
      'startSchedule: required for a Recurring profile',
    ],
    [
      'periods not starting at 0',
      profile({ periods: [{ startPeriod: 10, limit: 6 }] }),
      1,
      ctx,
      'chargingSchedulePeriod[0].startPeriod: not 0',
    ],
    [
      'periods not ascending',
      profile({
        periods: [
          { startPeriod: 0, limit: 6 },
          { startPeriod: 60, limit: 8 },
          { startPeriod: 60, limit: 9 },
        ],
      }),
      1,
      ctx,
      'chargingSchedulePeriod[2].startPeriod: not after the period before',
    ],
    ['no periods', profile({ periods: [] }), 1, ctx, 'chargingSchedulePeriod: empty'],
    [
      'too many periods',
      profile({
        periods: Array.from({ length: 25 }, (_, i) => ({ startPeriod: i * 60, limit: 6 })),
      }),
      1,
      ctx,
      'chargingSchedulePeriod: 25 periods, at most 24 (ChargingScheduleMaxPeriods)',
    ],
    [
      'a negative limit',
      profile({ periods: [{ startPeriod: 0, limit: -1 }] }),
      1,
      ctx,
      'chargingSchedulePeriod[0].limit: not ≥ 0',
    ],
    [
      'four phases',
      profile({ periods: [{ startPeriod: 0, limit: 6, numberPhases: 4 }] }),
      1,
      ctx,
      'chargingSchedulePeriod[0].numberPhases: not 1, 2 or 3',
    ],
    [
      'a stack level above the maximum',
      profile({ stackLevel: 9 }),
      1,
      ctx,
      'stackLevel: not 0…8 (ChargeProfileMaxStackLevel)',
    ],
    [
      'validTo before validFrom',
      profile({ validFrom: '2026-03-02T00:00:00Z', validTo: '2026-03-01T00:00:00Z' }),
      1,
      ctx,
      'validTo: not after validFrom',
    ],
    [
      'a date without a zone',
      profile({ validFrom: '2026-03-02T00:00:00' }),
      1,
      ctx,
      'validFrom: not a dateTime',
    ],
    [
      'an unknown unit',
      profile({ schedule: { chargingRateUnit: 'kW' as 'W' } }),
      1,
      ctx,
      'chargingRateUnit: not A or W',
    ],
    [
      'a fractional duration',
      profile({ schedule: { duration: 1.5 } }),
      1,
      ctx,
      'duration: not whole seconds ≥ 0',
    ],
  ])('rejects %s', (_name, p, connectorId, c, reason) => {
    expect(verdict(p, connectorId, c)).toBe(reason);
  });

  it('rejects a unit the charge point does not take', () => {
    const v = validateProfile(profile({ schedule: { chargingRateUnit: 'W' } }), 1, {
      ...ctx,
      allowedUnits: ['A'],
    });
    expect(v).toEqual({ ok: false, reason: 'chargingRateUnit: W is not allowed here' });
  });

  it('reads OCPP dateTimes with a zone only', () => {
    expect(parseDateTime('2026-03-01T10:00:00.5+01:00')).toBe(
      Date.parse('2026-03-01T09:00:00.500Z'),
    );
    expect(parseDateTime('2026-03-01')).toBeNaN();
    expect(parseDateTime('yesterday')).toBeNaN();
  });
});
