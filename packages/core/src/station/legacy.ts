/**
 * The station status of a controller that reports only its state (RAPI < 5.0.0: `$ST xx` and
 * the decimal `$GS`, docs/protocol/FIELD-FIRMWARE.md §2). Pilot state, vflags and the auth
 * lock are unknown (`null`), not 0; the plug is known where the state implies it and, while
 * asleep, only from `$G0` polls (FIELD-FIRMWARE.md "Implications" 1).
 */
import type { StationStatus } from './types.js';

const SLEEPING = 0xfe;

/** What the state code says about the plug: A no, B and C yes, anything else unknown. */
export function plugOfState(evseState: number): boolean | null {
  if (evseState === 0x01) return false;
  if (evseState === 0x02 || evseState === 0x03) return true;
  return null;
}

/**
 * The status to publish for `base` (the mirror's, with pilot and vflags it cannot know):
 * `asleepPlug` is the last `$G0` answer while sleeping (`null` when none, or no `$G0`).
 */
export function legacyStatus(base: StationStatus, asleepPlug: boolean | null): StationStatus {
  const code = base.evseState;
  return {
    state: base.state,
    fault: base.fault,
    evseState: code,
    pilotState: null,
    vflags: null,
    evConnected: code === SLEEPING ? asleepPlug : plugOfState(code),
    authLocked: null,
    currentCapacity: base.currentCapacity,
  };
}

/**
 * The plug to assume on entering sleep from `prev` until the first `$G0` answer: what the
 * previous state implied when `$G0` will be polled, else unknown (3.x has no `$G0`).
 */
export function asleepPlugOnEntry(prev: StationStatus, polled: boolean): boolean | null {
  if (!polled) return null;
  return prev.evseState === SLEEPING ? prev.evConnected : plugOfState(prev.evseState);
}
