/**
 * RAPI state codes and flag words as data (RAPI.md §3.1–§3.4), with derived maps and
 * decoders. Names match the statechart's state ids and fault kinds (contracts §2).
 */

/** How a state behaves (RAPI.md §3.1 "Kind" column). */
export type EvseStateKind = 'transient' | 'normal' | 'fault' | 'inactive';

interface EvseStateSpec {
  readonly name: string;
  readonly kind: EvseStateKind;
  /** J1772 pilot letter, for A–D. */
  readonly j1772?: 'A' | 'B' | 'C' | 'D';
  /** For faults: retried automatically (GFCI, no ground) rather than held until unplug (§3.1, §4.12). */
  readonly autoRetry?: boolean;
  readonly description: string;
}

/**
 * EVSE state codes (first field of `$GS`/`$AT`/`$AB`), RAPI.md §3.1. 0x0C and 0x0D are
 * reserved and never sent by 8.2.3, so they are not listed.
 */
export const evseStates = {
  0: {
    name: 'starting',
    kind: 'transient',
    description: 'unknown / starting (boot, just enabled)',
  },
  1: { name: 'notConnected', kind: 'normal', j1772: 'A', description: 'no EV (pilot +12 V)' },
  2: {
    name: 'connected',
    kind: 'normal',
    j1772: 'B',
    description: 'EV connected, not charging (9 V)',
  },
  3: { name: 'charging', kind: 'normal', j1772: 'C', description: 'charging, relay closed (6 V)' },
  4: {
    name: 'ventRequired',
    kind: 'fault',
    j1772: 'D',
    autoRetry: false,
    description: 'vent required (3 V)',
  },
  5: { name: 'diodeCheck', kind: 'fault', autoRetry: false, description: 'diode check failed' },
  6: { name: 'gfci', kind: 'fault', autoRetry: true, description: 'GFCI fault' },
  7: { name: 'noGround', kind: 'fault', autoRetry: true, description: 'no ground' },
  8: { name: 'stuckRelay', kind: 'fault', autoRetry: false, description: 'stuck relay' },
  9: { name: 'gfiSelfTest', kind: 'fault', autoRetry: false, description: 'GFI self-test failed' },
  10: { name: 'overTemperature', kind: 'fault', autoRetry: false, description: 'over-temperature' },
  11: { name: 'overCurrent', kind: 'fault', autoRetry: false, description: 'over-current' },
  14: {
    name: 'relayClosure',
    kind: 'fault',
    autoRetry: false,
    description: 'relay-closure fault (CGMI)',
  },
  254: { name: 'sleeping', kind: 'inactive', description: 'sleeping (user, timer or limit)' },
  255: { name: 'disabled', kind: 'inactive', description: 'disabled' },
} as const satisfies Record<number, EvseStateSpec>;

/** A known EVSE state code. */
export type EvseStateCode = keyof typeof evseStates;
/** A state name: `'notConnected'`, `'gfci'`, … */
export type EvseStateName = (typeof evseStates)[EvseStateCode]['name'];

const stateEntries = Object.entries(evseStates).map(
  ([code, spec]) => [Number(code), spec] as const,
);

/** Reverse map: state name → code (derived from `evseStates`). */
export const evseStateCodes: Readonly<Record<EvseStateName, number>> = Object.fromEntries(
  stateEntries.map(([code, spec]) => [spec.name, code]),
) as Record<EvseStateName, number>;

/** The state row for `code`, or undefined for an unknown code. */
export function evseStateInfo(code: number): (typeof evseStates)[EvseStateCode] | undefined {
  return (evseStates as Record<number, (typeof evseStates)[EvseStateCode]>)[code];
}

/** The firmware's fault test: 0x04 … 0x0E inclusive (RAPI.md §3.1). */
export function isFaultState(code: number): boolean {
  return code >= 0x04 && code <= 0x0e;
}

/**
 * Pilot state field (`$GS` 3rd, `$AT` 2nd), RAPI.md §3.2: the same codes for A–D, 05 for a
 * failed diode check, 00 while a fault blocks evaluation.
 */
export const pilotStates = {
  0: { name: 'unknown', volts: null, description: 'not evaluated (fault blocks evaluation)' },
  1: { name: 'A', volts: 12, description: 'no EV' },
  2: { name: 'B', volts: 9, description: 'EV connected' },
  3: { name: 'C', volts: 6, description: 'EV requests charge' },
  4: { name: 'D', volts: 3, description: 'EV requests charge with ventilation' },
  5: { name: 'diodeCheckFailed', volts: null, description: 'diode check failed' },
} as const satisfies Record<number, { name: string; volts: number | null; description: string }>;

/** A pilot state name. */
export type PilotStateName = (typeof pilotStates)[keyof typeof pilotStates]['name'];

interface FlagSpec {
  readonly bit: number;
  readonly name: string;
  readonly firmware: string;
}

/** vflags, the volatile status word (`$GS` 4th, `$AT` 4th field), RAPI.md §3.4. */
export const vflags = [
  {
    bit: 0x0001,
    name: 'autoServiceLevelSkipped',
    firmware: 'ECVF_AUTOSVCLVL_SKIPPED',
    inAtMask: false,
  },
  { bit: 0x0002, name: 'hardFault', firmware: 'ECVF_HARD_FAULT', inAtMask: true },
  { bit: 0x0004, name: 'limitSleep', firmware: 'ECVF_LIMIT_SLEEP', inAtMask: false },
  { bit: 0x0008, name: 'authLocked', firmware: 'ECVF_AUTH_LOCKED', inAtMask: true },
  { bit: 0x0010, name: 'timeLimit', firmware: 'ECVF_TIME_LIMIT', inAtMask: true },
  { bit: 0x0020, name: 'noGroundTripped', firmware: 'ECVF_NOGND_TRIPPED', inAtMask: false },
  { bit: 0x0040, name: 'chargingOn', firmware: 'ECVF_CHARGING_ON', inAtMask: false },
  { bit: 0x0080, name: 'gfiTripped', firmware: 'ECVF_GFI_TRIPPED', inAtMask: false },
  { bit: 0x0100, name: 'evConnected', firmware: 'ECVF_EV_CONNECTED', inAtMask: true },
  { bit: 0x0200, name: 'sessionEnded', firmware: 'ECVF_SESSION_ENDED', inAtMask: false },
  { bit: 0x0400, name: 'evConnectedPrev', firmware: 'ECVF_EV_CONNECTED_PREV', inAtMask: false },
  { bit: 0x0800, name: 'uiInMenu', firmware: 'ECVF_UI_IN_MENU', inAtMask: false },
  { bit: 0x1000, name: 'timerOn', firmware: 'ECVF_TIMER_ON', inAtMask: false },
  { bit: 0x2000, name: 'chargeLimit', firmware: 'ECVF_CHARGE_LIMIT', inAtMask: true },
  { bit: 0x4000, name: 'bootLock', firmware: 'ECVF_BOOT_LOCK', inAtMask: false },
  { bit: 0x8000, name: 'mennekesManual', firmware: 'ECVF_MENNEKES_MANUAL', inAtMask: false },
] as const satisfies readonly (FlagSpec & { inAtMask: boolean })[];

/** A vflag name: `'evConnected'`, `'chargingOn'`, … */
export type VflagName = (typeof vflags)[number]['name'];

/** A vflag by its firmware constant without `ECVF_`: `'EV_CONNECTED'`, `'BOOT_LOCK'`, … */
export type VflagConstant = (typeof vflags)[number]['firmware'] extends `ECVF_${infer R}`
  ? R
  : never;

/** vflag bits by firmware constant (`VF.EV_CONNECTED` = 0x0100), derived from `vflags`. */
export const VF: Readonly<Record<VflagConstant, number>> = Object.freeze(
  Object.fromEntries(vflags.map((f) => [f.firmware.slice('ECVF_'.length), f.bit])),
) as Record<VflagConstant, number>;

/** Bits whose change makes the firmware send `$AT` (0x211A, RAPI.md §1.10), derived from `vflags`. */
export const AT_CHANGE_MASK: number = vflags.reduce((m, f) => (f.inAtMask ? m | f.bit : m), 0);

/** `$GE` flag word: persistent settings (`$GE` 2nd field), RAPI.md §3.3. */
export const settingsFlags = [
  { bit: 0x0001, name: 'serviceLevel2', firmware: 'ECF_L2' },
  { bit: 0x0002, name: 'diodeCheckDisabled', firmware: 'ECF_DIODE_CHK_DISABLED' },
  { bit: 0x0004, name: 'ventRequiredDisabled', firmware: 'ECF_VENT_REQ_DISABLED' },
  { bit: 0x0008, name: 'groundCheckDisabled', firmware: 'ECF_GND_CHK_DISABLED' },
  { bit: 0x0010, name: 'stuckRelayCheckDisabled', firmware: 'ECF_STUCK_RELAY_CHK_DISABLED' },
  { bit: 0x0020, name: 'autoServiceLevelDisabled', firmware: 'ECF_AUTO_SVC_LEVEL_DISABLED' },
  { bit: 0x0040, name: 'autoStartDisabled', firmware: 'ECF_AUTO_START_DISABLED' },
  { bit: 0x0080, name: 'serialDebug', firmware: 'ECF_SERIAL_DBG' },
  { bit: 0x0100, name: 'monoLcd', firmware: 'ECF_MONO_LCD' },
  { bit: 0x0200, name: 'gfiSelfTestDisabled', firmware: 'ECF_GFI_TEST_DISABLED' },
  { bit: 0x0400, name: 'temperatureCheckDisabled', firmware: 'ECF_TEMP_CHK_DISABLED' },
  // 0x1000 CGMI hardware mode: firmware constant name not taken from the source.
  { bit: 0x1000, name: 'cgmi', firmware: 'CGMI' },
  { bit: 0x8000, name: 'buttonDisabled', firmware: 'ECF_BUTTON_DISABLED' },
] as const satisfies readonly FlagSpec[];

/** A `$GE` flag by its firmware constant without `ECF_`: `'L2'`, `'BUTTON_DISABLED'`, … */
export type SettingsFlagConstant = (typeof settingsFlags)[number]['firmware'] extends infer F
  ? F extends `ECF_${infer R}`
    ? R
    : F
  : never;

/** `$GE` flag bits by firmware constant (`ECF.L2` = 0x0001), derived from `settingsFlags`. */
export const ECF: Readonly<Record<SettingsFlagConstant, number>> = Object.freeze(
  Object.fromEntries(settingsFlags.map((f) => [f.firmware.replace(/^ECF_/, ''), f.bit])),
) as Record<SettingsFlagConstant, number>;

/** A `$GE` flag name. */
export type SettingsFlagName = (typeof settingsFlags)[number]['name'];

function decode<N extends string>(table: readonly { bit: number; name: N }[], word: number): N[] {
  return table.filter((f) => (word & f.bit) !== 0).map((f) => f.name);
}

function encode<N extends string>(
  table: readonly { bit: number; name: N }[],
  names: readonly N[],
): number {
  const wanted = new Set<string>(names);
  return table.reduce((word, f) => (wanted.has(f.name) ? word | f.bit : word), 0);
}

/** Names of the vflags set in `word` (unknown bits are ignored). @example decodeVflags(0x0540) */
export function decodeVflags(word: number): VflagName[] {
  return decode(vflags, word);
}

/** The vflags word with exactly `names` set. */
export function encodeVflags(names: readonly VflagName[]): number {
  return encode(vflags, names);
}

/** Names of the `$GE` flags set in `word`. */
export function decodeSettingsFlags(word: number): SettingsFlagName[] {
  return decode(settingsFlags, word);
}

/** The `$GE` flag word with exactly `names` set. */
export function encodeSettingsFlags(names: readonly SettingsFlagName[]): number {
  return encode(settingsFlags, names);
}
