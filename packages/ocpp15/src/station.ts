import type {
  Arbiter,
  EvseTopState,
  FaultKind,
  MeterReading,
  StationInfo,
  StationStatus,
} from '@evse/core';
import type { Observable } from 'rxjs';

/**
 * The part of core's `Station` facade (core README.md, Station) the charge point consumes.
 *
 * Declared here structurally so `@evse/ocpp15` knows nothing of RAPI: any object with these
 * members works — the real `createStation(transport)` result or a test double.
 */

/** Top-level statechart state of the station (core README.md, Statechart): `EvseTopState`. */
export type StationState = EvseTopState;

/** The nine fault kinds of the statechart's `fault` state (RAPI.md §3.1): core's `FaultKind`. */
export type StationFaultKind = FaultKind;

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

// The data shapes are core's own (the statechart's vocabulary, not RAPI's), so a change in
// core's Station shows up here as a type error instead of drifting.
export type { MeterReading, StationInfo, StationStatus };

/**
 * The Station members the charge point uses; core's `Station` satisfies it structurally. It
 * never sends `$FS`/`$FE`/`$SC`/`$S4` itself: it puts its claim on the arbiter ({@link GateLike}).
 */
export interface StationLike {
  /** Current status first, then every distinct change. */
  readonly status$: Observable<StationStatus>;
  getStatus(): StationStatus;
  readMeter(): Promise<MeterReading>;
  info(): Promise<StationInfo>;
  reset(): Promise<unknown>;
}

/** The part of core's `Arbiter` the charge point uses: it claims at OCPP priority. */
export type GateLike = Pick<Arbiter, 'claim' | 'release'>;

/** EV plugged in, as far as the station can tell (vflag 0x0100 while asleep, FIELD-FIRMWARE.md §1). */
export const evPresent = (s: StationStatus): boolean =>
  s.state === 'connected' ||
  s.state === 'charging' ||
  (s.state === 'sleeping' && s.evConnected === true);
