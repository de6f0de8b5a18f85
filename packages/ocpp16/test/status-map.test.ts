import { FAULT_KINDS, STATE_CODES } from '@evse/core';
import { FAULT_STATUS, type StationStatus } from '@evse/ocpp15';
import { describe, expect, it } from 'vitest';
import {
  CHARGE_POINT_ERROR_CODES_16,
  type ConnectorContext16,
  mapChargePointStatus16,
  mapStatus16,
} from '../src/index.js';

type View = Pick<StationStatus, 'state' | 'fault' | 'evConnected' | 'evseState'>;
const code = (state: string) => STATE_CODES.find((s) => s.state === state)?.code ?? -1;
const station = (state: Exclude<View['state'], 'fault'>, evConnected: boolean | null): View => ({
  state,
  fault: null,
  evConnected,
  evseState: code(state),
});
const fault = (kind: (typeof FAULT_KINDS)[number]['kind']): View => ({
  state: 'fault',
  fault: kind,
  evConnected: null,
  evseState: FAULT_KINDS.find((f) => f.kind === kind)?.code ?? -1,
});
const none: ConnectorContext16 = { transaction: 'none' };
const running: ConnectorContext16 = { transaction: 'running' };
const status = (v: View, c: ConnectorContext16) => mapStatus16(v, c).status;

describe('1.6 status (FIELD-FIRMWARE.md §4 status table)', () => {
  it('Available: no transaction, nothing plugged in (also while the gate holds it asleep)', () => {
    expect(mapStatus16(station('notConnected', false), none)).toEqual({
      status: 'Available',
      errorCode: 'NoError',
    });
    expect(status(station('sleeping', false), none)).toBe('Available');
    expect(status(station('disabled', null), none)).toBe('Available');
  });

  it('Preparing: plugged in, or a transaction pending', () => {
    expect(status(station('connected', true), none)).toBe('Preparing');
    expect(status(station('sleeping', true), none)).toBe('Preparing');
    expect(status(station('notConnected', false), { transaction: 'pending' })).toBe('Preparing');
    // A new authorisation after a finished one is preparing the next transaction.
    expect(status(station('sleeping', true), { transaction: 'pending', ended: true })).toBe(
      'Preparing',
    );
  });

  it('Charging: running transaction, permitted, EVSE active, state C', () => {
    expect(status(station('charging', true), running)).toBe('Charging');
  });

  it('SuspendedEV: running transaction in state B, or the EV unplugged', () => {
    expect(status(station('connected', true), running)).toBe('SuspendedEV');
    expect(status(station('notConnected', false), running)).toBe('SuspendedEV');
  });

  it('SuspendedEVSE: running transaction not permitted, or the EVSE asleep/disabled/starting', () => {
    expect(status(station('charging', true), { transaction: 'running', permitted: false })).toBe(
      'SuspendedEVSE',
    );
    // Asleep is also how a smart-charging limit below 6 A pauses the EVSE.
    expect(status(station('sleeping', true), running)).toBe('SuspendedEVSE');
    expect(status(station('disabled', true), running)).toBe('SuspendedEVSE');
    expect(status(station('starting', true), running)).toBe('SuspendedEVSE');
  });

  it('Finishing: after the transaction, still plugged in', () => {
    expect(status(station('connected', true), { transaction: 'none', ended: true })).toBe(
      'Finishing',
    );
    expect(status(station('sleeping', true), { transaction: 'none', ended: true })).toBe(
      'Finishing',
    );
    expect(status(station('notConnected', false), { transaction: 'none', ended: true })).toBe(
      'Available',
    );
  });

  it('Unavailable: Inoperative, over everything but a fault', () => {
    expect(status(station('charging', true), { ...running, inoperative: true })).toBe(
      'Unavailable',
    );
    expect(
      status(station('notConnected', false), { ...none, inoperative: true, reserved: true }),
    ).toBe('Unavailable');
    expect(status(fault('gfci'), { ...none, inoperative: true })).toBe('Faulted');
  });

  it('Reserved: a reservation, unless a transaction runs', () => {
    expect(status(station('notConnected', false), { ...none, reserved: true })).toBe('Reserved');
    expect(status(station('connected', true), { ...none, reserved: true })).toBe('Reserved');
    expect(status(station('charging', true), { ...running, reserved: true })).toBe('Charging');
  });
});

describe('1.6 errorCode per controller fault (FIELD-FIRMWARE.md §4 error table)', () => {
  it.each([
    ['overTemperature', 'HighTemperature', '0x0A'],
    ['overCurrent', 'OverCurrentFailure', '0x0B'],
    ['stuckRelay', 'PowerSwitchFailure', '0x08'],
    ['diodeCheck', 'GroundFailure', '0x05'],
    ['gfci', 'GroundFailure', '0x06'],
    ['noGround', 'GroundFailure', '0x07'],
    ['gfiSelfTest', 'GroundFailure', '0x09'],
    ['relayClosure', 'PowerSwitchFailure', '0x0E'],
  ] as const)(
    '%s → Faulted %s (vendorErrorCode %s), with the 1.5 info text',
    (kind, errorCode, vendor) => {
      for (const ctx of [none, running]) {
        const m = mapStatus16(fault(kind), ctx);
        expect(m).toMatchObject({ status: 'Faulted', errorCode, vendorErrorCode: vendor });
        // The operator reads the same words on either version.
        expect(m.info).toBe(FAULT_STATUS[kind].info);
        expect(m.info?.length).toBeLessThanOrEqual(50); // CiString50
        expect(CHARGE_POINT_ERROR_CODES_16).toContain(m.errorCode);
      }
    },
  );

  it('covers every fault kind of core', () => {
    for (const f of FAULT_KINDS) expect(() => mapStatus16(fault(f.kind), none)).not.toThrow();
    expect(FAULT_KINDS.map((f) => f.kind).sort()).toEqual([
      'diodeCheck',
      'gfci',
      'gfiSelfTest',
      'noGround',
      'overCurrent',
      'overTemperature',
      'relayClosure',
      'stuckRelay',
      'ventRequired',
    ]);
  });

  it('vent required is not a fault: SuspendedEVSE during a transaction, else the EV is there', () => {
    expect(mapStatus16(fault('ventRequired'), running)).toEqual({
      status: 'SuspendedEVSE',
      errorCode: 'NoError',
    });
    expect(status(fault('ventRequired'), none)).toBe('Preparing');
    expect(status(fault('ventRequired'), { transaction: 'none', ended: true })).toBe('Finishing');
  });

  it('a fault the station cannot name is OtherError', () => {
    const unknown: View = { state: 'fault', fault: null, evConnected: null, evseState: 0x0c };
    expect(mapStatus16(unknown, running)).toEqual({
      status: 'Faulted',
      errorCode: 'OtherError',
      info: 'Unknown fault',
      vendorErrorCode: '0x0C',
    });
  });
});

describe('connector 0 (the charge point as a whole)', () => {
  it('is Available, Unavailable or Faulted only', () => {
    expect(mapChargePointStatus16(station('charging', true))).toEqual({
      status: 'Available',
      errorCode: 'NoError',
    });
    expect(mapChargePointStatus16(station('charging', true), { inoperative: true }).status).toBe(
      'Unavailable',
    );
    expect(mapChargePointStatus16(fault('overCurrent'))).toMatchObject({
      status: 'Faulted',
      errorCode: 'OverCurrentFailure',
    });
    expect(mapChargePointStatus16(fault('ventRequired')).status).toBe('Available');
  });
});
