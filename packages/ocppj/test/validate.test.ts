/**
 * The generic validator on specs built here (any version's table is built the same way):
 * the decimal spec `num()` judged like ajv with ocpp-rpc's multipleOf tolerance, and the
 * rules every version shares (closed objects, required, int32, date-time, paths).
 */
import { describe, expect, it } from 'vitest';
import {
  bool,
  dateTime,
  type Infer,
  int,
  list,
  num,
  obj,
  oneOf,
  opt,
  req,
  str,
  validatePayload,
} from '../src/index.js';

// The shape of 1.6 ChargingSchedulePeriod (limit: decimal, multipleOf 0.1).
const period = obj({
  startPeriod: req(int()),
  limit: req(num(0.1)),
  numberPhases: opt(int()),
});
const schedule = obj({
  chargingRateUnit: req(oneOf(['A', 'W'] as const)),
  chargingSchedulePeriod: req(list(period, 1)),
  minChargingRate: opt(num(0.1)),
  startSchedule: opt(dateTime()),
  duration: opt(int()),
  anything: opt(num()),
  flag: opt(bool()),
  note: opt(str(5)),
});
type Schedule = Infer<typeof schedule>;

const kinds = (value: unknown) => {
  const r = validatePayload<Schedule>(schedule, value);
  return r.ok ? [] : r.issues.map((i) => [i.path, i.kind]);
};

describe('num(): decimals', () => {
  it('accepts multiples of 0.1 despite float noise (0.3 / 0.1 = 2.9999999999999996)', () => {
    for (const limit of [0, 0.1, 0.3, 6, 6.1, 13.7, 32, 31.9, 1e6, -2.2]) {
      const value = { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit }] };
      expect(kinds(value), String(limit)).toEqual([]);
    }
  });

  it('rejects a non-multiple, a string, NaN-like values and null with the path and rule', () => {
    const base = { chargingRateUnit: 'A' };
    expect(kinds({ ...base, chargingSchedulePeriod: [{ startPeriod: 0, limit: 6.05 }] })).toEqual([
      ['chargingSchedulePeriod[0].limit', 'multipleOf'],
    ]);
    expect(kinds({ ...base, chargingSchedulePeriod: [{ startPeriod: 0, limit: '6' }] })).toEqual([
      ['chargingSchedulePeriod[0].limit', 'type'],
    ]);
    expect(kinds({ ...base, chargingSchedulePeriod: [{ startPeriod: 0, limit: null }] })).toEqual([
      ['chargingSchedulePeriod[0].limit', 'type'],
    ]);
    const r = validatePayload(schedule, {
      ...base,
      chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 }],
      minChargingRate: 1.25,
    });
    expect(r.ok ? [] : r.issues.map((i) => i.message)).toEqual([
      '"minChargingRate" must be a multiple of 0.1, got 1.25',
    ]);
  });

  it('num() without multipleOf takes any finite number, int() only integers', () => {
    const base = { chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 7 }] };
    expect(kinds({ ...base, anything: 0.123456789 })).toEqual([]);
    expect(kinds({ ...base, duration: 1.5 })).toEqual([['duration', 'type']]);
    expect(kinds({ ...base, anything: true })).toEqual([['anything', 'type']]);
  });

  it('steve mode: null for a required decimal is a type problem, like int', () => {
    const r = validatePayload(
      period,
      { startPeriod: 0, limit: null, numberPhases: null },
      { mode: 'steve' },
    );
    expect(r.ok ? [] : r.issues.map((i) => [i.path, i.kind])).toEqual([['limit', 'type']]);
  });
});

describe('validatePayload: the shared rules', () => {
  it('returns the cleaned value typed by Infer', () => {
    const r = validatePayload<Schedule>(schedule, {
      chargingRateUnit: 'A',
      chargingSchedulePeriod: [{ startPeriod: 0, limit: 16, numberPhases: 3 }],
      startSchedule: '2026-12-07T00:00:00Z',
    });
    expect(r.ok && r.value.chargingSchedulePeriod[0]?.limit).toBe(16);
  });

  it('names every problem: closed objects, required, minItems, enum, maxLength, format', () => {
    expect(
      kinds({
        chargingRateUnit: 'kW',
        chargingSchedulePeriod: [],
        startSchedule: '2026-12-07T00:00:00',
        note: 'toolong',
        extra: 1,
      }),
    ).toEqual([
      ['chargingRateUnit', 'enum'],
      ['chargingSchedulePeriod', 'minItems'],
      ['startSchedule', 'format'],
      ['note', 'maxLength'],
      ['extra', 'additional'],
    ]);
    expect(kinds({ chargingRateUnit: 'A' })).toEqual([['chargingSchedulePeriod', 'required']]);
    expect(
      kinds({
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [{ startPeriod: 2 ** 31, limit: 1 }],
      }),
    ).toEqual([['chargingSchedulePeriod[0].startPeriod', 'range']]);
  });
});
