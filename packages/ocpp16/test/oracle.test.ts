/**
 * What this package produces for the wire, checked against the official 1.6 schemas (ocpp-rpc's
 * copy, an oracle that is not ours): StatusNotification payloads from every mapped state,
 * GetCompositeSchedule.conf from random composite schedules, and the profiles the tests install
 * as SetChargingProfile.req.
 */
import { FAULT_KINDS, STATE_CODES } from '@evse/core';
import type { StationStatus } from '@evse/ocpp15';
import { describe, expect, it } from 'vitest';
import {
  type ConnectorContext16,
  createProfileStore,
  mapChargePointStatus16,
  mapStatus16,
  wireLimit,
} from '../src/index.js';
import { schemaCount, schemaErrors } from './support/oracle.js';
import { at, profile } from './support/profiles.js';

type View = Pick<StationStatus, 'state' | 'fault' | 'evConnected' | 'evseState'>;

const views: View[] = [
  ...STATE_CODES.flatMap((s) =>
    [true, false, null].map((evConnected) => ({
      state: s.state,
      fault: null,
      evConnected,
      evseState: s.code,
    })),
  ),
  ...FAULT_KINDS.map((f) => ({
    state: 'fault' as const,
    fault: f.kind,
    evConnected: null,
    evseState: f.code,
  })),
  { state: 'fault', fault: null, evConnected: null, evseState: 0x0c },
];
const contexts: ConnectorContext16[] = ['none', 'pending', 'running'].flatMap((transaction) =>
  [{}, { ended: true }, { permitted: false }, { inoperative: true }, { reserved: true }].map(
    (c) => ({
      transaction: transaction as ConnectorContext16['transaction'],
      ...c,
    }),
  ),
);

describe('1.6 schemas (ocpp-rpc 2.2.1, strict mode)', () => {
  it('loads the 78 schemas of ocpp-rpc', () => {
    expect(schemaCount()).toBe(78);
  });

  it('every mapped status is a valid StatusNotification.req', () => {
    const problems: string[] = [];
    for (const v of views) {
      problems.push(
        ...schemaErrors('StatusNotification', 'req', {
          connectorId: 0,
          ...mapChargePointStatus16(v),
        }),
      );
      for (const c of contexts) {
        problems.push(
          ...schemaErrors('StatusNotification', 'req', { connectorId: 1, ...mapStatus16(v, c) }),
        );
      }
    }
    expect(problems).toEqual([]);
    // The oracle can fail: an unknown status is caught.
    expect(
      schemaErrors('StatusNotification', 'req', {
        connectorId: 1,
        status: 'Occupied',
        errorCode: 'NoError',
      }),
    ).not.toEqual([]);
  });

  it('a composite schedule in W or A is a valid GetCompositeSchedule.conf (limits on 0.1)', () => {
    const store = createProfileStore();
    const start = at('2026-03-01T10:00:00Z');
    store.install(
      0,
      profile({
        chargingProfileId: 1,
        chargingProfilePurpose: 'ChargePointMaxProfile',
        schedule: { chargingRateUnit: 'W', startSchedule: '2026-03-01T00:00:00Z' },
        periods: [
          { startPeriod: 0, limit: 7013 },
          { startPeriod: 39_600, limit: 3333.3 },
          { startPeriod: 50_400, limit: 9999.9 },
        ],
      }),
    );
    store.install(
      1,
      profile({
        chargingProfileId: 2,
        chargingProfileKind: 'Relative',
        periods: [
          { startPeriod: 0, limit: 6 },
          { startPeriod: 3600, limit: 32, numberPhases: 1 },
        ],
      }),
    );
    const ctx = { voltage: 231, transaction: { start, id: 3 } };
    for (const unit of ['A', 'W'] as const) {
      const chargingSchedule = store.compositeSchedule(1, start, 86_400, unit, ctx, {
        maxAmps: 32,
      });
      expect(chargingSchedule.chargingSchedulePeriod.length).toBeGreaterThan(2);
      const conf = {
        status: 'Accepted',
        connectorId: 1,
        scheduleStart: chargingSchedule.startSchedule,
        chargingSchedule,
      };
      expect(schemaErrors('GetCompositeSchedule', 'conf', conf)).toEqual([]);
    }
  });

  it('wireLimit: every limit it gives passes the schema, never above the value, at most 0.2 below', () => {
    const problems: string[] = [];
    for (let n = 0; n <= 20_000; n++) {
      const value = n / 10 + 0.05;
      const limit = wireLimit(value);
      if (limit > value || value - limit > 0.25) problems.push(`${value} → ${limit}`);
      const period = { startPeriod: 0, limit };
      const conf = {
        status: 'Accepted',
        chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [period] },
      };
      problems.push(...schemaErrors('GetCompositeSchedule', 'conf', conf));
    }
    expect(problems).toEqual([]);
    expect(wireLimit(4.8)).toBe(4.7);
    expect(wireLimit(32)).toBe(32);
    // The oracle can fail: 4.8 is what a plain tenth would have been.
    const raw = { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 4.8 }] };
    expect(
      schemaErrors('GetCompositeSchedule', 'conf', { status: 'Accepted', chargingSchedule: raw }),
    ).not.toEqual([]);
  });

  it('the profiles the tests build are valid SetChargingProfile.req payloads', () => {
    const req = {
      connectorId: 1,
      csChargingProfiles: profile({
        validFrom: '2026-03-01T00:00:00Z',
        chargingProfileKind: 'Recurring',
        recurrencyKind: 'Daily',
        schedule: { startSchedule: '2026-03-01T00:00:00Z', duration: 3600 },
      }),
    };
    expect(schemaErrors('SetChargingProfile', 'req', req)).toEqual([]);
  });
});
