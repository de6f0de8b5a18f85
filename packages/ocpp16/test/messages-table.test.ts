/**
 * The 1.6 action table as a whole: it covers exactly the official 1.6 schemas (less the
 * security whitepaper's operations), each row has the official shape field for field, the
 * directions are OCPP 1.6 §4 (charge point) and §5 (central system), and the places where our
 * validator and the official schemas judge differently are known and pinned.
 */
import { describe, expect, it } from 'vitest';
import {
  ACTION_NAMES,
  ACTIONS,
  isAction,
  SUBPROTOCOL_16,
  sentBy,
  validateConfirmation16,
  validateRequest16,
} from '../src/index.js';
import { officialSchemas, schemaErrors } from './support/oracle.js';
import { rpcStrictErrors } from './support/rpc-strict.js';
import { schemaShape, specShape } from './support/shape.js';

/** ocpp-rpc also ships the security whitepaper's operations, which are not in our table. */
const SECURITY_EXTENSION = [
  'CertificateSigned',
  'DeleteCertificate',
  'ExtendedTriggerMessage',
  'GetInstalledCertificateIds',
  'GetLog',
  'InstallCertificate',
  'LogStatusNotification',
  'SecurityEventNotification',
  'SignCertificate',
  'SignedFirmwareStatusNotification',
  'SignedUpdateFirmware',
];

/** OCPP 1.6 §4: the operations a charge point initiates (DataTransfer goes both ways). */
const FROM_CHARGE_POINT = [
  'Authorize',
  'BootNotification',
  'DataTransfer',
  'DiagnosticsStatusNotification',
  'FirmwareStatusNotification',
  'Heartbeat',
  'MeterValues',
  'StartTransaction',
  'StatusNotification',
  'StopTransaction',
];

const official = new Map(officialSchemas().map(({ $id, ...s }) => [$id.replace(/^urn:/, ''), s]));
const officialActions = [...new Set([...official.keys()].map((id) => id.split('.')[0] ?? ''))];

describe('the 1.6 action table covers the official schemas', () => {
  it('every official core schema has a row, and every row an official req and conf schema', () => {
    const core = officialActions.filter((a) => !SECURITY_EXTENSION.includes(a)).sort();
    expect(core).toHaveLength(28);
    expect(ACTION_NAMES).toEqual(core);
    for (const action of ACTION_NAMES) {
      expect(official.has(`${action}.req`), action).toBe(true);
      expect(official.has(`${action}.conf`), action).toBe(true);
    }
    // The 11 security operations are really there, so leaving them out is a choice.
    expect(officialActions.filter((a) => SECURITY_EXTENSION.includes(a))).toHaveLength(11);
  });

  for (const action of Object.keys(ACTIONS) as (keyof typeof ACTIONS)[]) {
    it(`${action}: req and conf have the official shape, field for field`, () => {
      for (const kind of ['req', 'conf'] as const) {
        const schema = official.get(`${action}.${kind}`) as Parameters<typeof schemaShape>[0];
        expect(specShape(ACTIONS[action][kind], `${action}.${kind}`)).toEqual(schemaShape(schema));
      }
    });
  }

  it('the shape comparison can fail: one maxLength off, one field missing or optional', () => {
    type Schema = Parameters<typeof schemaShape>[0] & {
      properties: Record<string, { maxLength?: number }>;
      required: string[];
    };
    const ourShape = specShape(ACTIONS.StatusNotification.req, 'StatusNotification.req');
    const tweaks: ((s: Schema) => void)[] = [
      (s) => {
        s.properties['info'] = { ...s.properties['info'], maxLength: 51 };
      },
      (s) => {
        delete s.properties['vendorId'];
      },
      (s) => {
        s.required = s.required.filter((name) => name !== 'errorCode');
      },
    ];
    for (const tweak of tweaks) {
      const schema = structuredClone(official.get('StatusNotification.req')) as Schema;
      expect(specShape(ACTIONS.StatusNotification.req, 'x')).toEqual(schemaShape(schema));
      tweak(schema);
      expect(ourShape).not.toEqual(schemaShape(schema));
    }
  });
});

describe('directions, names and the subprotocol', () => {
  it('the charge point sends exactly the OCPP 1.6 §4 operations, the central system the rest', () => {
    for (const action of ACTION_NAMES) {
      expect(sentBy(action, 'chargePoint'), action).toBe(FROM_CHARGE_POINT.includes(action));
      expect(sentBy(action, 'centralSystem'), action).toBe(
        action === 'DataTransfer' || !FROM_CHARGE_POINT.includes(action),
      );
    }
  });

  it('action names are exact and case-sensitive', () => {
    expect(isAction('SetChargingProfile')).toBe(true);
    expect(isAction('setChargingProfile')).toBe(false);
    expect(isAction('SignCertificate')).toBe(false);
    expect(isAction('toString')).toBe(false);
  });

  it('the subprotocol is ocpp1.6 (STEVE.md §1.2)', () => {
    expect(SUBPROTOCOL_16).toBe('ocpp1.6');
  });
});

describe('where our validator and the official schemas differ (known, one way each)', () => {
  const period = (limit: number) => ({
    connectorId: 1,
    csChargingProfiles: {
      chargingProfileId: 1,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Relative',
      chargingSchedule: {
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [{ startPeriod: 0, limit }],
      },
    },
  });

  it('4.8 A: on the 0.1 grid for us and for ocpp-rpc (1e-6 tolerance), not for plain ajv (4.8 / 0.1 = 47.99999999999999), so limits we send go through wireLimit', () => {
    expect(validateRequest16('SetChargingProfile', period(4.8)).ok).toBe(true);
    expect(rpcStrictErrors('SetChargingProfile', 'req', period(4.8))).toEqual([]);
    expect(schemaErrors('SetChargingProfile', 'req', period(4.8))).not.toEqual([]);
    expect(schemaErrors('SetChargingProfile', 'req', period(4.7))).toEqual([]);
    // Off the grid is off for all three.
    expect(validateRequest16('SetChargingProfile', period(4.75)).ok).toBe(false);
    expect(rpcStrictErrors('SetChargingProfile', 'req', period(4.75))).not.toEqual([]);
  });

  it('a location that is no URI: a string for us, a format error for the schema', () => {
    const payload = { location: 'not a uri', retrieveDate: '2026-03-01T00:00:00Z' };
    expect(validateRequest16('UpdateFirmware', payload).ok).toBe(true);
    expect(schemaErrors('UpdateFirmware', 'req', payload)).not.toEqual([]);
    expect(rpcStrictErrors('UpdateFirmware', 'req', payload)).not.toEqual([]);
    expect(schemaErrors('UpdateFirmware', 'req', { ...payload, location: 'ftp://h/f' })).toEqual(
      [],
    );
  });

  it('a date-time without offset: refused by us and ajv-formats 3, taken by ocpp-rpc 2.2.1 (its ajv-formats 2.1.1 compares an absent zone with "")', () => {
    const payload = { currentTime: '2026-03-01T12:34:56' };
    const ours = validateConfirmation16('Heartbeat', payload);
    expect(ours.ok ? [] : ours.issues.map((i) => i.kind)).toEqual(['format']);
    expect(schemaErrors('Heartbeat', 'conf', payload)).not.toEqual([]);
    expect(rpcStrictErrors('Heartbeat', 'conf', payload)).toEqual([]);
    expect(rpcStrictErrors('Heartbeat', 'conf', { currentTime: 'yesterday' })).not.toEqual([]);
  });

  it('an integer beyond int32: a range error for us (xs:int), an integer for the schema', () => {
    const payload = { transactionId: 2 ** 31 };
    const ours = validateRequest16('RemoteStopTransaction', payload);
    expect(ours.ok ? [] : ours.issues.map((i) => i.kind)).toEqual(['range']);
    expect(schemaErrors('RemoteStopTransaction', 'req', payload)).toEqual([]);
    expect(rpcStrictErrors('RemoteStopTransaction', 'req', payload)).toEqual([]);
  });
});
