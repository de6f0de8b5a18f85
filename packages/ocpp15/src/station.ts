import type { Observable } from 'rxjs';

/**
 * The part of core's `Station` facade (contracts.md §3) the charge point consumes.
 *
 * Declared here structurally so `@evse/ocpp15` knows nothing of RAPI: any object with these
 * members works — the real `createStation(transport)` result or a test double.
 */

/** Top-level statechart state of the station (contracts.md §2). */
export type StationState =
  | 'starting'
  | 'notConnected'
  | 'connected'
  | 'charging'
  | 'sleeping'
  | 'disabled'
  | 'fault';

/** The nine fault kinds of the statechart's `fault` state (contracts.md §2, RAPI.md §3.1). */
export type StationFaultKind =
  | 'ventRequired'
  | 'diodeCheck'
  | 'gfci'
  | 'noGround'
  | 'stuckRelay'
  | 'gfiSelfTest'
  | 'overTemperature'
  | 'overCurrent'
  | 'relayClosure';

/** Every station state, in statechart order (for exhaustive tables and tests). */
export const STATION_STATES = [
  'starting',
  'notConnected',
  'connected',
  'charging',
  'sleeping',
  'disabled',
  'fault',
] as const satisfies readonly StationState[];

/** A snapshot of the station as mirrored by the host. */
export interface StationStatus {
  readonly state: StationState;
  readonly fault: StationFaultKind | null;
  readonly evseState: number;
  readonly pilotState: number;
  readonly vflags: number;
  readonly evConnected: boolean;
  readonly authLocked: boolean;
  readonly currentCapacity: number;
}

/** One meter reading (`$GG`, `$GU`, `$GP`). */
export interface MeterReading {
  readonly at: Date;
  readonly sessionWs: number;
  readonly sessionWh: number;
  readonly lifetimeWh: number;
  readonly currentMa: number;
  readonly voltageMv: number;
  readonly powerW: number;
  readonly temperatureC: number | null;
}

/** Identity of the station (`$GV`, `$GI`). */
export interface StationInfo {
  readonly firmwareVersion: string;
  readonly protocolVersion: string;
  readonly serial: string | null;
}

/** The Station members the charge point uses; core's `Station` satisfies it structurally. */
export interface StationLike {
  /** Current status first, then every distinct change. */
  readonly status$: Observable<StationStatus>;
  getStatus(): StationStatus;
  readMeter(): Promise<MeterReading>;
  info(): Promise<StationInfo>;
  enable(): Promise<unknown>;
  disable(): Promise<unknown>;
  setAuthLock(locked: boolean): Promise<unknown>;
  setCurrent(amps: number): Promise<unknown>;
  reset(): Promise<unknown>;
}
