import { describe, expect, it } from 'vitest';
import { activeLimit, createProfileStore, smartChargingStep } from '../src/index.js';
import { at, profile } from './support/profiles.js';

describe('activeLimit: the limit applied now, told plainly', () => {
  const store = createProfileStore();
  store.install(
    0,
    profile({
      chargingProfileId: 4,
      stackLevel: 3,
      chargingProfilePurpose: 'ChargePointMaxProfile',
      schedule: { startSchedule: '2026-03-01T00:00:00Z' },
      periods: [
        { startPeriod: 0, limit: 10.5 },
        { startPeriod: 3600, limit: 4 },
      ],
    }),
  );
  const ctx = { voltage: 230, phases: 1 };
  const now = (iso: string) =>
    activeLimit(smartChargingStep(store, at(iso), 1, ctx, { maxAmps: 32 }), store.list());

  it('names the profile, the pilot current and the next period boundary', () => {
    expect(now('2026-03-01T00:30:00Z')).toEqual({
      amps: 10.5,
      watts: 2415,
      paused: false,
      pilotAmps: 10, // whole amps, rounded down
      profile: { id: 4, purpose: 'ChargePointMaxProfile', stackLevel: 3, connectorId: 0 },
      until: '2026-03-01T01:00:00.000Z',
    });
  });

  it('is paused below 6 A, and holds for good after the last period', () => {
    expect(now('2026-03-01T02:00:00Z')).toMatchObject({
      amps: 4,
      paused: true,
      pilotAmps: null,
      until: null,
    });
  });

  it('is null when no profile limits the connector', () => {
    expect(now('2026-02-28T23:00:00Z')).toBeNull();
    expect(
      activeLimit(
        smartChargingStep(createProfileStore(), 0, 1, ctx, { maxAmps: 32 }),
        createProfileStore().list(),
      ),
    ).toBeNull();
  });
});
