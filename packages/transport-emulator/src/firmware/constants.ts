/**
 * Build-dependent constants of firmware 8.2.3 (RAPI.md §0.1, §3.3, §3.4, §3.6).
 */
import type { EmulatorProfile, EmulatorVariant } from '../types.js';

/** vflags bits (RAPI.md §3.4). */
export const VF = {
  AUTOSVCLVL_SKIPPED: 0x0001,
  HARD_FAULT: 0x0002,
  LIMIT_SLEEP: 0x0004,
  AUTH_LOCKED: 0x0008,
  TIME_LIMIT: 0x0010,
  CHARGING_ON: 0x0040,
  GFI_TRIPPED: 0x0080,
  EV_CONNECTED: 0x0100,
  SESSION_ENDED: 0x0200,
  EV_CONNECTED_PREV: 0x0400,
  TIMER_ON: 0x1000,
  CHARGE_LIMIT: 0x2000,
  MENNEKES_MANUAL: 0x8000,
} as const;

/** vflag bits whose change triggers an `$AT` (RAPI.md §1.10 rule 3). */
export const AT_TRIGGER_MASK = 0x211a;

/** `$GE` flag bits (RAPI.md §3.3). */
export const GE = {
  L2: 0x0001,
  DIODE_OFF: 0x0002,
  VENT_OFF: 0x0004,
  GROUND_OFF: 0x0008,
  STUCK_OFF: 0x0010,
  AUTOSVC_OFF: 0x0020,
  MONO_LCD: 0x0100,
  GFI_TEST_OFF: 0x0200,
  TEMP_OFF: 0x0400,
  BUTTON_OFF: 0x8000,
} as const;

/** `$FF` feature letters → `$GE` bit (`E` is echo, not a flag). */
export const FEATURE_BITS: Readonly<Record<string, number>> = {
  B: GE.BUTTON_OFF,
  D: GE.DIODE_OFF,
  F: GE.GFI_TEST_OFF,
  G: GE.GROUND_OFF,
  R: GE.STUCK_OFF,
  T: GE.TEMP_OFF,
  V: GE.VENT_OFF,
};

/** RAPI protocol version of 8.2.3. */
export const RAPI_VERSION = '5.2.1';
/** Firmware version without the variant suffix. */
export const FIRMWARE_VERSION = '8.2.3';

/** Everything a build decides (RAPI.md §0.1, §3.6). */
export interface Build {
  profile: EmulatorProfile;
  variant: EmulatorVariant;
  version: string;
  authLock: boolean;
  /** `$S3 $G3 $SH $GH` exist (TIME_LIMIT, CHARGE_LIMIT). */
  limits: boolean;
  /** `$SL A` exists (AUTOSVCLEVEL). */
  autoLevel: boolean;
  /** OVERCURRENT_THRESHOLD: ≥ capacity + 5 A for 10 s → 0x0B. */
  overCurrent: boolean;
  l2HwMax: number;
  l1Default: number;
  l2Default: number;
  l1Mv: number;
  l2Mv: number;
  /** `$GE` flags of a fresh EEPROM. */
  defaultFlags: number;
}

/** Minimum pilot current (RAPI.md §3.6). */
export const MIN_AMPS = 6;
/** L1 maximum (RAPI.md §3.6). */
export const L1_MAX = 24;

/** Builds are immutable: one object per (profile, variant, auth lock), shared. */
const builds = new Map<string, Build>();

/** Resolve a build from the emulator options. */
export function resolveBuild(
  profile: EmulatorProfile,
  variant: EmulatorVariant,
  authLock: boolean,
): Build {
  const key = `${profile} ${variant} ${authLock}`;
  let build = builds.get(key);
  if (!build) {
    build = Object.freeze(makeBuild(profile, variant, authLock));
    builds.set(key, build);
  }
  return build;
}

function makeBuild(profile: EmulatorProfile, variant: EmulatorVariant, authLock: boolean): Build {
  const eu = variant !== 'US';
  return {
    profile,
    variant,
    version: FIRMWARE_VERSION + (variant === 'US' ? '' : `.${variant}`),
    authLock,
    limits: profile === 'arduino',
    // PlatformIO EU/T2/CGMI builds have no AUTOSVCLEVEL (§0.1); the Arduino defaults have it.
    autoLevel: profile === 'arduino' || !eu,
    overCurrent: profile === 'platformio' && (variant === 'EU' || variant === 'T2'),
    l2HwMax: eu ? 32 : 80,
    l1Default: 12,
    l2Default: eu ? 32 : 24,
    l1Mv: 120_000,
    l2Mv: eu ? 230_000 : 240_000,
    defaultFlags: eu ? GE.L2 | GE.AUTOSVC_OFF : GE.L2,
  };
}
