import { FAULT_STATUS, type StationFaultKind, type StationStatus } from '@evse/ocpp15';

/** OCPP 1.6 §7 ChargePointStatus (StatusNotification.req `status`). */
export const CHARGE_POINT_STATUSES_16 = [
  'Available',
  'Preparing',
  'Charging',
  'SuspendedEVSE',
  'SuspendedEV',
  'Finishing',
  'Reserved',
  'Unavailable',
  'Faulted',
] as const;
export type ChargePointStatus16 = (typeof CHARGE_POINT_STATUSES_16)[number];

/** OCPP 1.6 §7 ChargePointErrorCode (StatusNotification.req `errorCode`). */
export const CHARGE_POINT_ERROR_CODES_16 = [
  'ConnectorLockFailure',
  'EVCommunicationError',
  'GroundFailure',
  'HighTemperature',
  'InternalError',
  'LocalListConflict',
  'NoError',
  'OtherError',
  'OverCurrentFailure',
  'OverVoltage',
  'PowerMeterFailure',
  'PowerSwitchFailure',
  'ReaderFailure',
  'ResetFailure',
  'UnderVoltage',
  'WeakSignal',
] as const;
export type ChargePointErrorCode16 = (typeof CHARGE_POINT_ERROR_CODES_16)[number];

/** What a 1.6 StatusNotification reports for one connector. */
export interface MappedStatus16 {
  readonly status: ChargePointStatus16;
  readonly errorCode: ChargePointErrorCode16;
  /** Free text for the operator (1.6: at most 50 characters). */
  readonly info?: string;
  /** The RAPI EVSE state code as `0xNN` for faults (1.6: at most 50 characters). */
  readonly vendorErrorCode?: string;
}

/**
 * Controller fault → 1.6 errorCode, as the OpenEVSE WiFi module reports it through MicroOcpp
 * (FIELD-FIRMWARE.md §4). Vent required is not a fault there: it stops the EVSE, so a running
 * transaction shows SuspendedEVSE (null). Relay closure (0x0E, RAPI.md §3.1) is one of the newer
 * states the module leaves unmapped; it is the relay failing, so PowerSwitchFailure, rather than
 * a silent fault.
 */
const FAULT_ERROR_CODE_16 = {
  ventRequired: null,
  diodeCheck: 'GroundFailure',
  gfci: 'GroundFailure',
  noGround: 'GroundFailure',
  stuckRelay: 'PowerSwitchFailure',
  gfiSelfTest: 'GroundFailure',
  overTemperature: 'HighTemperature',
  overCurrent: 'OverCurrentFailure',
  relayClosure: 'PowerSwitchFailure',
} as const satisfies Record<StationFaultKind, ChargePointErrorCode16 | null>;

type FaultStatus16 = {
  readonly [K in StationFaultKind]: (typeof FAULT_ERROR_CODE_16)[K] extends null
    ? null
    : {
        readonly errorCode: NonNullable<(typeof FAULT_ERROR_CODE_16)[K]>;
        readonly info: (typeof FAULT_STATUS)[K]['info'];
      };
};

/**
 * Fault kind → 1.6 report: the 1.6 errorCode above with the 1.5 table's info text, so the
 * operator reads the same words whichever version the station speaks.
 */
export const FAULT_STATUS_16 = Object.fromEntries(
  Object.entries(FAULT_ERROR_CODE_16).map(([kind, errorCode]) => [
    kind,
    errorCode === null ? null : { errorCode, info: FAULT_STATUS[kind as StationFaultKind].info },
  ]),
) as FaultStatus16;

/** The charge point's side of a connector, which the station itself does not know. */
export interface ConnectorContext16 {
  /**
   * The connector's transaction: `pending` once authorised (or a start requested) and not yet
   * started, `running` from StartTransaction until StopTransaction.
   */
  readonly transaction: 'none' | 'pending' | 'running';
  /** A transaction ended here and the EV has not been unplugged since. @default false */
  readonly ended?: boolean;
  /**
   * OCPP lets the running transaction charge (its idTag is not deauthorised). @default true
   */
  readonly permitted?: boolean;
  /** ChangeAvailability Inoperative is in force. @default false */
  readonly inoperative?: boolean;
  /** A ReserveNow reservation is active. @default false */
  readonly reserved?: boolean;
}

type StationView = Pick<StationStatus, 'state' | 'fault' | 'evConnected' | 'evseState'>;

const vendorCode = (evseState: number) =>
  `0x${evseState.toString(16).padStart(2, '0').toUpperCase()}`;
const ok = (status: ChargePointStatus16): MappedStatus16 => ({ status, errorCode: 'NoError' });

/** The fault report for a station in a fault, or null when it is not one to report. */
function faultStatus(station: StationView): MappedStatus16 | null {
  if (station.state !== 'fault') return null;
  const vendorErrorCode = vendorCode(station.evseState);
  if (station.fault === null) {
    return { status: 'Faulted', errorCode: 'OtherError', info: 'Unknown fault', vendorErrorCode };
  }
  const f = FAULT_STATUS_16[station.fault];
  return f === null ? null : { status: 'Faulted', ...f, vendorErrorCode };
}

/**
 * A connector's 1.6 status (FIELD-FIRMWARE.md §4, MicroOcpp 1.2 Connector::getStatus), in this
 * precedence: Faulted > Unavailable (Inoperative) > the running transaction's state >
 * Reserved > Available when nothing is plugged in or pending > Finishing after a transaction >
 * Preparing. During a transaction: unplugged or the EV not drawing (state B) is SuspendedEV;
 * OCPP not permitting, or the EVSE not ready (asleep, disabled, vent required, starting — also
 * a smart-charging pause below 6 A) is SuspendedEVSE; state C is Charging.
 */
export function mapStatus16(station: StationView, ctx: ConnectorContext16): MappedStatus16 {
  const fault = faultStatus(station);
  if (fault !== null) return fault;
  if (ctx.inoperative) return ok('Unavailable');
  // Plug detection is vflag 0x0100 (FIELD-FIRMWARE.md §1); states B and C imply an EV, and
  // so does vent required: pilot state D is an EV asking for it (RAPI.md §3.1).
  const plugged =
    station.evConnected === true ||
    station.state === 'connected' ||
    station.state === 'charging' ||
    station.fault === 'ventRequired';
  if (ctx.transaction === 'running') {
    if (!plugged) return ok('SuspendedEV');
    const evseReady = ['notConnected', 'connected', 'charging'].includes(station.state);
    if (ctx.permitted === false || !evseReady) return ok('SuspendedEVSE');
    return ok(station.state === 'charging' ? 'Charging' : 'SuspendedEV');
  }
  if (ctx.reserved) return ok('Reserved');
  if (ctx.transaction === 'none' && !plugged) return ok('Available');
  if (ctx.transaction === 'none' && ctx.ended) return ok('Finishing');
  return ok('Preparing');
}

/**
 * The status of connector 0, the charge point as a whole: only Available, Unavailable or
 * Faulted (as MicroOcpp 1.2), Faulted with the station's fault.
 */
export function mapChargePointStatus16(
  station: StationView,
  ctx: Pick<ConnectorContext16, 'inoperative'> = {},
): MappedStatus16 {
  return faultStatus(station) ?? ok(ctx.inoperative ? 'Unavailable' : 'Available');
}
