/**
 * Property: the composite schedule (GetCompositeSchedule, OCPP 1.6 §5.7) states exactly what
 * limitAt gives at every period boundary and at every instant inside each period, for random
 * stacks of profiles (seeded, so a failure names the seed that replays it); and each is a
 * schema-valid GetCompositeSchedule.conf.
 */
import { describe, expect, it } from 'vitest';
import {
  type ChargingContext,
  type ChargingProfile,
  type ChargingRateUnit,
  createProfileStore,
  wireLimit,
} from '../src/index.js';
import { schemaErrors } from './support/oracle.js';
import { at, seeded } from './support/profiles.js';

const T0 = at('2026-03-01T00:00:00Z');
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

function randomProfile(
  rnd: () => number,
  id: number,
): { connectorId: number; profile: ChargingProfile } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const int = (n: number) => Math.floor(rnd() * n);
  const purpose = pick(['ChargePointMaxProfile', 'TxDefaultProfile', 'TxProfile'] as const);
  const kind = pick(['Absolute', 'Recurring', 'Relative'] as const);
  const unit = pick(['A', 'W'] as const);
  const periods = [{ startPeriod: 0, limit: unit === 'A' ? 4 + int(30) : 1000 + int(8000) }];
  for (let i = 0, t = 0; i < int(5); i++) {
    t += 1 + int(6 * 3600);
    periods.push({ startPeriod: t, limit: unit === 'A' ? int(40) : int(10_000) });
  }
  const startSchedule =
    kind === 'Recurring' || rnd() < 0.6 ? iso(T0 - 2 * HOUR + int(30) * HOUR) : undefined;
  const from = rnd() < 0.4 ? T0 + int(40) * HOUR + int(3600) * 1000 : undefined;
  const to = rnd() < 0.4 ? (from ?? T0) + 1000 + int(20 * HOUR) : undefined;
  const duration = rnd() < 0.5 ? 1 + int(20 * 3600) : undefined;
  return {
    connectorId: purpose === 'ChargePointMaxProfile' ? 0 : purpose === 'TxProfile' ? 1 : int(2),
    profile: {
      chargingProfileId: id,
      stackLevel: int(4),
      chargingProfilePurpose: purpose,
      chargingProfileKind: kind,
      ...(kind === 'Recurring' ? { recurrencyKind: pick(['Daily', 'Weekly'] as const) } : {}),
      ...(from === undefined ? {} : { validFrom: iso(from) }),
      ...(to === undefined ? {} : { validTo: iso(to) }),
      chargingSchedule: {
        chargingRateUnit: unit,
        chargingSchedulePeriod: periods.map((p) =>
          rnd() < 0.3 ? { ...p, numberPhases: 1 + int(3) } : p,
        ),
        ...(startSchedule === undefined ? {} : { startSchedule }),
        ...(duration === undefined ? {} : { duration }),
      },
    },
  };
}

describe('composite schedule = limitAt (property, seeded)', () => {
  const seeds = Array.from({ length: 60 }, (_, i) => 1000 + i);

  it.each(seeds)('seed %i', (seed) => {
    const rnd = seeded(seed);
    const store = createProfileStore({ limits: { maxInstalled: 100 } });
    for (let id = 1; id <= 1 + Math.floor(rnd() * 7); id++) {
      const { connectorId, profile } = randomProfile(rnd, id);
      expect(store.install(connectorId, profile).status).toBe('Accepted');
    }
    const ctx: ChargingContext = {
      voltage: 220 + Math.floor(rnd() * 20),
      ...(rnd() < 0.5 ? { phases: 1 } : {}),
      ...(rnd() < 0.8 ? { transaction: { start: T0 + Math.floor(rnd() * 10 * HOUR), id: 5 } } : {}),
    };
    const unit: ChargingRateUnit = rnd() < 0.5 ? 'A' : 'W';
    const start = T0 + Math.floor(rnd() * 24) * HOUR + Math.floor(rnd() * 3600) * 1000;
    const durationS = 2 * 86_400;
    const maxAmps = 32;
    const s = store.compositeSchedule(1, start, durationS, unit, ctx, {
      maxAmps,
      maxPeriods: 10_000,
    });

    const expected = (t: number) => {
      const l = store.limitAt(t, 1, ctx);
      const phases = l.phases ?? ctx.phases ?? 3;
      const amps = l.amps ?? maxAmps;
      const value = unit === 'A' ? amps : (l.watts ?? amps * ctx.voltage * phases);
      return { limit: wireLimit(value), phases };
    };
    const conf = {
      status: 'Accepted',
      connectorId: 1,
      scheduleStart: s.startSchedule,
      chargingSchedule: s,
    };
    expect(schemaErrors('GetCompositeSchedule', 'conf', conf)).toEqual([]);
    const periods = s.chargingSchedulePeriod;
    expect(periods[0]?.startPeriod).toBe(0);
    periods.forEach((p, k) => {
      const next = periods[k + 1]?.startPeriod ?? durationS;
      expect(next).toBeGreaterThan(p.startPeriod);
      const stated = { limit: p.limit, phases: p.numberPhases ?? 3 };
      expect(expected(start + p.startPeriod * 1000), `boundary ${k}`).toEqual(stated);
      // Every whole second inside the period, sampled: nothing changes before the next period.
      for (let i = 0; i < 20; i++) {
        const sec = p.startPeriod + Math.floor(rnd() * (next - p.startPeriod));
        expect(expected(start + sec * 1000), `second ${sec} of period ${k}`).toEqual(stated);
      }
      expect(expected(start + (next - 1) * 1000), `last second of period ${k}`).toEqual(stated);
      if (k > 0)
        expect(stated).not.toEqual({
          limit: periods[k - 1]?.limit,
          phases: periods[k - 1]?.numberPhases ?? 3,
        });
    });
  });
});
