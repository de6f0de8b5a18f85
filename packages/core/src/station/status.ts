import type { SnapshotFrom } from 'xstate';
import { type EvseTopState, evseStateCode } from '../evse/codes-map.js';
import type { EvseMachine } from '../evse/machine.js';
import type { StationStatus } from './types.js';

/** The station status a mirror snapshot stands for. */
export function statusFromSnapshot(snapshot: SnapshotFrom<EvseMachine>): StationStatus {
  const c = snapshot.context;
  const state = (
    typeof snapshot.value === 'string' ? snapshot.value : Object.keys(snapshot.value)[0]
  ) as EvseTopState;
  return {
    state,
    fault: c.fault,
    evseState: evseStateCode(snapshot),
    pilotState: c.pilotState,
    vflags: c.vflags,
    evConnected: c.evConnected,
    authLocked: c.authLocked,
    currentCapacity: c.currentCapacity,
  };
}

/** Field-by-field equality (the mirror re-emits snapshots that change nothing). */
export function sameStatus(a: StationStatus, b: StationStatus): boolean {
  return (
    a.state === b.state &&
    a.fault === b.fault &&
    a.evseState === b.evseState &&
    a.pilotState === b.pilotState &&
    a.vflags === b.vflags &&
    a.evConnected === b.evConnected &&
    a.authLocked === b.authLocked &&
    a.currentCapacity === b.currentCapacity
  );
}
