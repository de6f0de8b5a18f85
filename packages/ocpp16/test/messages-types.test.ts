/**
 * The message table's ChargingProfile and the smart-charging engine's (src/smart/types.ts) are
 * one type: a SetChargingProfile or RemoteStartTransaction payload, once validated, goes to
 * the profile store as it is. Checked by the compiler (`tsc` runs over test/) and at run time.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type CentralSystemAction,
  type ChargePointAction,
  type ChargingProfile,
  type ChargingSchedule,
  type ChargingSchedulePeriod,
  createProfileStore,
  type Request,
  validateRequest16,
} from '../src/index.js';

type Wire = Request<'SetChargingProfile'>['csChargingProfiles'];
type RemoteStart = NonNullable<Request<'RemoteStartTransaction'>['chargingProfile']>;

describe('the table types', () => {
  it('split the actions by sender, DataTransfer on both sides', () => {
    expectTypeOf<ChargePointAction>().toEqualTypeOf<
      | 'Authorize'
      | 'BootNotification'
      | 'DataTransfer'
      | 'DiagnosticsStatusNotification'
      | 'FirmwareStatusNotification'
      | 'Heartbeat'
      | 'MeterValues'
      | 'StartTransaction'
      | 'StatusNotification'
      | 'StopTransaction'
    >();
    expectTypeOf<'DataTransfer' | 'SetChargingProfile'>().toExtend<CentralSystemAction>();
    expectTypeOf<'Heartbeat'>().not.toExtend<CentralSystemAction>();
    expectTypeOf<keyof Request<'Heartbeat'>>().toEqualTypeOf<never>();
    expectTypeOf<
      Request<'MeterValues'>['meterValue'][number]['sampledValue'][number]['phase']
    >().toEqualTypeOf<
      'L1' | 'L2' | 'L3' | 'N' | 'L1-N' | 'L2-N' | 'L3-N' | 'L1-L2' | 'L2-L3' | 'L3-L1' | undefined
    >();
  });
});

describe('the wire ChargingProfile is the engine ChargingProfile', () => {
  it('is assignable to it, with the same fields at every level', () => {
    expectTypeOf<Wire>().toExtend<ChargingProfile>();
    expectTypeOf<RemoteStart>().toExtend<ChargingProfile>();
    expectTypeOf<keyof Wire>().toEqualTypeOf<keyof ChargingProfile>();
    expectTypeOf<keyof Wire['chargingSchedule']>().toEqualTypeOf<keyof ChargingSchedule>();
    expectTypeOf<keyof Wire['chargingSchedule']['chargingSchedulePeriod'][number]>().toEqualTypeOf<
      keyof ChargingSchedulePeriod
    >();
    expectTypeOf<Wire['chargingProfilePurpose']>().toEqualTypeOf<
      ChargingProfile['chargingProfilePurpose']
    >();
  });

  it('a validated SetChargingProfile.req installs in the profile store as it is', () => {
    const result = validateRequest16('SetChargingProfile', {
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 7,
        stackLevel: 2,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Recurring',
        recurrencyKind: 'Daily',
        chargingSchedule: {
          startSchedule: '2026-03-01T00:00:00Z',
          chargingRateUnit: 'A',
          chargingSchedulePeriod: [
            { startPeriod: 0, limit: 10.5 },
            { startPeriod: 3600, limit: 16, numberPhases: 1 },
          ],
        },
      },
    });
    if (!result.ok) throw new Error(result.issues[0]?.message);
    const profile: ChargingProfile = result.value.csChargingProfiles;
    const store = createProfileStore();
    expect(store.install(result.value.connectorId, profile)).toEqual({
      status: 'Accepted',
      replaced: [],
    });
    expect(store.list()).toEqual([{ connectorId: 1, profile }]);
  });
});
