import { ALL_STATE_CODES, FAULT_KINDS, STATE_CODES } from '@evse/core';
import { describe, expect, it } from 'vitest';
import { STATION_STATES, type StationFaultKind } from '../src/station.js';
import { FAULT_STATUS, mapStatus } from '../src/status-map.js';
import { schemaCount, schemaErrors } from './support/oracle.js';

// Local copy of core's fault table (core README.md, Statechart); cross-checked against core's
// FAULT_KINDS below when exported.
const FAULTS: { kind: StationFaultKind; code: number; errorCode: string }[] = [
  { kind: 'ventRequired', code: 0x04, errorCode: 'Mode3Error' },
  { kind: 'diodeCheck', code: 0x05, errorCode: 'Mode3Error' },
  { kind: 'gfci', code: 0x06, errorCode: 'GroundFailure' },
  { kind: 'noGround', code: 0x07, errorCode: 'GroundFailure' },
  { kind: 'stuckRelay', code: 0x08, errorCode: 'PowerSwitchFailure' },
  { kind: 'gfiSelfTest', code: 0x09, errorCode: 'GroundFailure' },
  { kind: 'overTemperature', code: 0x0a, errorCode: 'HighTemperature' },
  { kind: 'overCurrent', code: 0x0b, errorCode: 'OverCurrentFailure' },
  { kind: 'relayClosure', code: 0x0e, errorCode: 'PowerSwitchFailure' },
];

const NON_FAULT: Record<string, [evOff: string, evOn: string]> = {
  starting: ['Unavailable', 'Unavailable'],
  notConnected: ['Available', 'Available'],
  connected: ['Occupied', 'Occupied'],
  charging: ['Occupied', 'Occupied'],
  sleeping: ['Unavailable', 'Occupied'],
  disabled: ['Unavailable', 'Unavailable'],
};

const codes: Record<string, number> = {
  starting: 0,
  notConnected: 1,
  connected: 2,
  charging: 3,
  sleeping: 0xfe,
  disabled: 0xff,
};

describe('status map (state/fault → 1.5 status + errorCode)', () => {
  it('loads the 48 oracle schemas', () => {
    expect(schemaCount()).toBe(48);
  });

  it('covers every fault kind, with the device code as vendorErrorCode', () => {
    expect(Object.keys(FAULT_STATUS).sort()).toEqual(FAULTS.map((f) => f.kind).sort());
    for (const f of FAULTS) {
      for (const evConnected of [false, true]) {
        for (const inoperative of [false, true]) {
          const s = mapStatus(
            { state: 'fault', fault: f.kind, evConnected, evseState: f.code },
            { inoperative, reserved: true },
          );
          expect(s.status).toBe('Faulted');
          expect(s.errorCode).toBe(f.errorCode);
          expect(s.vendorErrorCode).toBe(`0x${f.code.toString(16).padStart(2, '0').toUpperCase()}`);
          expect(schemaErrors('StatusNotification', 'req', { connectorId: 1, ...s })).toEqual([]);
        }
      }
    }
  });

  it('maps a fault with no known kind to OtherError', () => {
    const s = mapStatus({ state: 'fault', fault: null, evConnected: false, evseState: 0x0c });
    expect(s).toMatchObject({
      status: 'Faulted',
      errorCode: 'OtherError',
      vendorErrorCode: '0x0C',
    });
  });

  it('maps every non-fault state, with and without an EV, and applies overrides', () => {
    for (const state of STATION_STATES) {
      if (state === 'fault') continue;
      const expected = NON_FAULT[state];
      if (!expected) throw new Error(`no expectation for ${state}`);
      for (const [i, evConnected] of [false, true].entries()) {
        const base = { state, fault: null, evConnected, evseState: codes[state] ?? 0 };
        const plain = mapStatus(base);
        expect(plain).toEqual({ status: expected[i], errorCode: 'NoError' });
        // ChangeAvailability(Inoperative) wins over everything but a fault.
        expect(mapStatus(base, { inoperative: true }).status).toBe('Unavailable');
        // A reservation shows only on an otherwise Available connector.
        const reserved = mapStatus(base, { reserved: true }).status;
        expect(reserved).toBe(expected[i] === 'Available' ? 'Reserved' : expected[i]);
        expect(schemaErrors('StatusNotification', 'req', { connectorId: 1, ...plain })).toEqual([]);
      }
    }
  });

  it("covers exactly core's statechart: every STATE_CODES state and every FAULT_KINDS kind", () => {
    // Core owns the statechart (core README.md, Statechart); a new state or fault kind fails this.
    expect(FAULT_KINDS.map((f) => ({ kind: f.kind, code: f.code }))).toEqual(
      FAULTS.map((f) => ({ kind: f.kind, code: f.code })),
    );
    expect([...STATE_CODES.map((s) => s.state), 'fault'].sort()).toEqual(
      [...STATION_STATES].sort(),
    );
    for (const { state, fault, code } of ALL_STATE_CODES) {
      const s = mapStatus({ state, fault, evConnected: false, evseState: code });
      expect(s.status).toBe(state === 'fault' ? 'Faulted' : NON_FAULT[state]?.[0]);
      if (fault) expect(s.errorCode).toBe(FAULT_STATUS[fault].errorCode);
    }
  });
});
