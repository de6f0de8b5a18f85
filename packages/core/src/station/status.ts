import type { SnapshotFrom } from 'xstate';
import { type EvseTopState, evseStateCode, stateFromCode } from '../evse/codes-map.js';
import { type EvseContext, initialContext } from '../evse/context.js';
import type { DeviceStateEvent } from '../evse/events.js';
import type { EvseMachine } from '../evse/machine.js';
import { mirrorDevice } from '../evse/updates.js';
import type { StationStatus } from './types.js';

type StatusContext = Pick<
  EvseContext,
  'fault' | 'pilotState' | 'vflags' | 'evConnected' | 'authLocked' | 'currentCapacity'
>;

function toStatus(state: EvseTopState, evseState: number, c: StatusContext): StationStatus {
  return {
    state,
    fault: c.fault,
    evseState,
    pilotState: c.pilotState,
    vflags: c.vflags,
    evConnected: c.evConnected,
    authLocked: c.authLocked,
    currentCapacity: c.currentCapacity,
  };
}

/** The station status a mirror snapshot stands for. */
export function statusFromSnapshot(snapshot: SnapshotFrom<EvseMachine>): StationStatus {
  const state = (
    typeof snapshot.value === 'string' ? snapshot.value : Object.keys(snapshot.value)[0]
  ) as EvseTopState;
  return toStatus(state, evseStateCode(snapshot), snapshot.context);
}

// The context of a mirror actor at boot (input `{ mirror: true }`).
const MIRROR_CONTEXT = initialContext({ mirror: true });

/**
 * The status a mirror actor shows after `event`, computed without one (internal): the state
 * its `DEVICE_STATE` jump targets (the same table the machine's targets come from) and the
 * context its `mirrorDevice` action assigns. `event` must carry the capacity and elapsed time
 * accumulated so far, as the actor's context would. `null` when the machine has no state for
 * the code (0x0C/0x0D): the actor ignores such an event.
 */
export function statusFromDeviceState(event: DeviceStateEvent): StationStatus | null {
  const target = stateFromCode(event.evseState);
  if (target === null) return null;
  // For a DEVICE_STATE event `mirrorDevice` sets every field a status reads.
  const context = mirrorDevice(MIRROR_CONTEXT, event) as StatusContext;
  return toStatus(target.state, event.evseState, context);
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
