import type { FaultKind } from './faults.js';
import { VF } from './vflags.js';

/** Build options of the EVSE machine, given as actor `input` (RAPI.md §0.1). */
export interface EvseInput {
  /**
   * The build has AUTH_LOCK: the lock is re-applied on every entry to state A (RAPI.md §4.10,
   * quirk §7.9).
   * @default false
   */
  authLock?: boolean;
  /**
   * Start locked (AUTH_LOCK=1 builds, e.g. OCPP). Boot vflags then read 0x0208.
   * @default the value of `authLock`
   */
  authLockAtBoot?: boolean;
  /**
   * UL_COMPLIANT build (on in the reference profile): a stuck relay is not cleared by unplug,
   * and a failed POST holds its fault until power-cycle (RAPI.md §4.1, §4.12).
   * @default true
   */
  ulBuild?: boolean;
  /**
   * Auto-retries of a GFCI / no-ground fault before it becomes hard (RAPI.md §4.12).
   * @default 6
   */
  maxFaultRetries?: number;
  /**
   * Pilot current capacity in amps before the first `SET_CURRENT` / `DEVICE_STATE`.
   * @default 0 (the forced boot `$AT` reports 0: capacity not loaded yet, §4.1)
   */
  currentCapacity?: number;
  /**
   * An EV is plugged in at power-up.
   * @default false
   */
  evConnected?: boolean;
  /**
   * Host-side mirror of a real device: the machine never moves on its own (no fault
   * retry timers); it follows `DEVICE_STATE` events.
   * @default false
   */
  mirror?: boolean;
}

/** The EVSE machine's context (contracts §2). */
export interface EvseContext {
  /** EV present (vflag 0x0100 mirrors it, except while disabled: §4.4). */
  evConnected: boolean;
  /** The EV asks for charge (pilot at C level); only acted on when connected and unlocked. */
  evWantsCharge: boolean;
  /** Auth lock active (vflag 0x0008). */
  authLocked: boolean;
  /** Pilot state code (RAPI.md §3.2); frozen while sleeping, disabled or hard-faulted. */
  pilotState: number;
  /** Volatile status flags (RAPI.md §3.4). */
  vflags: number;
  /** Pilot current capacity in amps. */
  currentCapacity: number;
  /** Relay-closed seconds of the current/last plug-in, as last reported (`$GS`). */
  elapsedSeconds: number;
  /** The active fault, or null. */
  fault: FaultKind | null;
  /** The active fault does not auto-reset (vflag 0x0002). */
  hardFault: boolean;
  /** Auto-retries used in the present fault episode. */
  faultRetries: number;
  /** POST has passed since boot; `starting` then re-evaluates the pilot at once. */
  posted: boolean;
  /** The present fault came from a failed POST (held until power-cycle on UL builds). */
  postFailed: boolean;
  /** Sleeping because a limit was reached (vflag 0x0004). */
  limitSleep: boolean;
  /** Resolved build options. */
  options: Required<Omit<EvseInput, 'currentCapacity' | 'evConnected'>>;
}

/** The boot-time context for `input` (RAPI.md §3.4: vflags 0x0200, +0x0008 when locked). */
export function initialContext(input: EvseInput = {}): EvseContext {
  const authLock = input.authLock ?? false;
  const authLocked = input.authLockAtBoot ?? authLock;
  const evConnected = input.evConnected ?? false;
  return {
    evConnected,
    evWantsCharge: false,
    authLocked,
    pilotState: 0,
    vflags: VF.SESSION_ENDED | (authLocked ? VF.AUTH_LOCKED : 0),
    currentCapacity: input.currentCapacity ?? 0,
    elapsedSeconds: 0,
    fault: null,
    hardFault: false,
    faultRetries: 0,
    posted: false,
    postFailed: false,
    limitSleep: false,
    options: {
      authLock,
      authLockAtBoot: authLocked,
      ulBuild: input.ulBuild ?? true,
      maxFaultRetries: input.maxFaultRetries ?? 6,
      mirror: input.mirror ?? false,
    },
  };
}
