/**
 * What the arbiter needs to know about a controller build to gate it: inputs, never version
 * checks, so a build that lacks a command is handled by what it answers (FIELD-FIRMWARE.md "Implications for the bridge spec",
 * "Implications" 2–4). Each is learned at start by trying it, unless given.
 */

/** The per-build features the gate uses; `null` = not known yet (tried at start). */
export interface GateCapabilities {
  /** `$FF B 0` turns the front button off (RAPI ≥ 5.1.0); else a press is undone by re-sleep. */
  readonly buttonDisable: boolean | null;
  /** `$ST 0 0 0 0` clears the delay timer, which could wake a sleeping EVSE (RTC builds). */
  readonly delayTimer: boolean | null;
  /** `$G4` answers `$OK`: an AUTH_LOCK build, whose `$S4` lock must follow the target. */
  readonly authLock: boolean | null;
}

/** Nothing known: everything is tried at start. */
export const UNKNOWN_CAPABILITIES: GateCapabilities = Object.freeze({
  buttonDisable: null,
  delayTimer: null,
  authLock: null,
});

/** vflag 0x4000: a BOOTLOCK build waits in setup() until `$SB` (FIELD-FIRMWARE.md §1, RAPI.md §3.4). */
export const BOOT_LOCK_VFLAG = 0x4000;
