import type { ChargingProfile, ChargingSchedulePeriod } from '../../src/index.js';

/** Milliseconds of an ISO instant (the tests' virtual clock is plain numbers). */
export const at = (iso: string): number => Date.parse(iso);

/** An A-unit Absolute TxDefaultProfile with one 16 A period, as `over` changes it. */
export function profile(
  over: Partial<Omit<ChargingProfile, 'chargingSchedule'>> & {
    schedule?: Partial<ChargingProfile['chargingSchedule']>;
    periods?: readonly ChargingSchedulePeriod[];
  } = {},
): ChargingProfile {
  const { schedule, periods, ...rest } = over;
  return {
    chargingProfileId: 1,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    ...rest,
    chargingSchedule: {
      chargingRateUnit: 'A',
      chargingSchedulePeriod: periods ?? [{ startPeriod: 0, limit: 16 }],
      ...schedule,
    },
  };
}

/** mulberry32: a small seeded generator, so a failing property run can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** SetChargingProfile.req for connector 1: a Relative TxProfile holding `transactionId` to `limit` A. */
export function txLimitRequest(
  transactionId: number,
  limit: number,
  over: { chargingProfileId?: number; stackLevel?: number } = {},
) {
  return {
    connectorId: 1,
    csChargingProfiles: profile({
      chargingProfileId: over.chargingProfileId ?? 7,
      stackLevel: over.stackLevel ?? 0,
      transactionId,
      chargingProfilePurpose: 'TxProfile',
      chargingProfileKind: 'Relative',
      periods: [{ startPeriod: 0, limit }],
    }),
  };
}
