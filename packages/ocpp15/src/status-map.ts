import type { StationFaultKind, StationState, StationStatus } from './station.js';
import type { ChargePointErrorCode, ChargePointStatus } from './wire/enums.js';

/** OCPP 1.5 ChargePointStatus (StatusNotification.req `status`). */
export type ChargePointStatus15 = ChargePointStatus;

/** OCPP 1.5 ChargePointErrorCode (StatusNotification.req `errorCode`). */
export type ChargePointErrorCode15 = ChargePointErrorCode;

/** What a StatusNotification reports for one connector. */
export interface MappedStatus {
  readonly status: ChargePointStatus15;
  readonly errorCode: ChargePointErrorCode15;
  /** Free text for the operator (1.5: unbounded; kept short). */
  readonly info?: string;
  /** The RAPI EVSE state code as `0xNN` for faults, so the operator sees the device's own code. */
  readonly vendorErrorCode?: string;
}

/**
 * Fault kind → errorCode. Mode3Error is IEC 61851 pilot trouble (state D, diode); the GFCI
 * family is GroundFailure; relay faults are PowerSwitchFailure (RAPI.md §3.1 codes 04–0E).
 */
export const FAULT_STATUS = {
  ventRequired: { errorCode: 'Mode3Error', info: 'Ventilation required (pilot state D)' },
  diodeCheck: { errorCode: 'Mode3Error', info: 'Pilot diode check failed' },
  gfci: { errorCode: 'GroundFailure', info: 'GFCI trip' },
  noGround: { errorCode: 'GroundFailure', info: 'No ground' },
  stuckRelay: { errorCode: 'PowerSwitchFailure', info: 'Stuck relay' },
  gfiSelfTest: { errorCode: 'GroundFailure', info: 'GFI self-test failed' },
  overTemperature: { errorCode: 'HighTemperature', info: 'Over temperature' },
  overCurrent: { errorCode: 'OverCurrentFailure', info: 'Over current' },
  relayClosure: { errorCode: 'PowerSwitchFailure', info: 'Relay closure fault' },
} as const satisfies Record<StationFaultKind, { errorCode: ChargePointErrorCode15; info: string }>;

/**
 * Non-fault state → status. `sleeping` with an EV plugged in is a session waiting or
 * suspended (Occupied, detected from vflag 0x0100: the pilot field is stale while asleep,
 * FIELD-FIRMWARE.md §1); without one it is Available when the charge point's own gate holds it
 * asleep until authorization (`gated`), else out of service (Unavailable).
 */
export const STATE_STATUS = {
  starting: 'Unavailable',
  notConnected: 'Available',
  connected: 'Occupied',
  charging: 'Occupied',
  sleeping: 'Unavailable',
  disabled: 'Unavailable',
  fault: 'Faulted',
} as const satisfies Record<StationState, ChargePointStatus15>;

/** Charge-point-side overrides that the station itself does not know about. */
export interface StatusOverrides {
  /** ChangeAvailability Inoperative is in force. @default false */
  readonly inoperative?: boolean;
  /** A ReserveNow reservation is active. @default false */
  readonly reserved?: boolean;
  /**
   * The charge point itself holds the EVSE asleep until an authorization (its claim on the
   * arbiter is disabled): a sleeping EVSE without an EV is then free for the next driver
   * (Available), not out of service. @default false
   */
  readonly gated?: boolean;
}

/**
 * Map a station snapshot to the 1.5 connector status. Precedence: fault > Inoperative >
 * reservation (only while nothing is plugged in) > state table.
 */
export function mapStatus(
  station: Pick<StationStatus, 'state' | 'fault' | 'evConnected' | 'evseState'>,
  overrides: StatusOverrides = {},
): MappedStatus {
  if (station.state === 'fault') {
    const vendorErrorCode = `0x${station.evseState.toString(16).padStart(2, '0').toUpperCase()}`;
    if (station.fault === null) {
      return { status: 'Faulted', errorCode: 'OtherError', info: 'Unknown fault', vendorErrorCode };
    }
    const f = FAULT_STATUS[station.fault];
    return { status: 'Faulted', errorCode: f.errorCode, info: f.info, vendorErrorCode };
  }
  if (overrides.inoperative) return { status: 'Unavailable', errorCode: 'NoError' };
  // Gated, the EVSE passes 00 on every wake ($FE, RAPI.md §4.4): as free or as occupied as
  // the sleep before it, so the central system sees no Unavailable blip.
  const resting =
    station.state === 'sleeping' || (overrides.gated === true && station.state === 'starting');
  if (resting && station.evConnected) return { status: 'Occupied', errorCode: 'NoError' };
  const status = resting && overrides.gated ? 'Available' : STATE_STATUS[station.state];
  if (overrides.reserved && status === 'Available') {
    return { status: 'Reserved', errorCode: 'NoError' };
  }
  return { status, errorCode: 'NoError' };
}
