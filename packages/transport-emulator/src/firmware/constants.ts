/**
 * Build-dependent constants of the emulated firmware (RAPI.md §0.1, §3.3, §3.4, §3.6;
 * FIELD-FIRMWARE.md §2). Flag bits are core's tables (`rapi/codes.ts`), not typed here again.
 */
import { ECF, type FirmwareProfile } from '@evse/core';
import type { EmulatorVariant } from '../types.js';

/** vflags bits by firmware constant (RAPI.md §3.4). */
export { AT_CHANGE_MASK as AT_TRIGGER_MASK, VF } from '@evse/core';

/** `$GE` flag bits by firmware constant (RAPI.md §3.3). */
export const GE = ECF;

/** `$FF` feature letters → `$GE` bit (`E` is echo, not a flag). */
export const FEATURE_BITS: Readonly<Record<string, number>> = {
  B: GE.BUTTON_DISABLED,
  D: GE.DIODE_CHK_DISABLED,
  F: GE.GFI_TEST_DISABLED,
  G: GE.GND_CHK_DISABLED,
  R: GE.STUCK_RELAY_CHK_DISABLED,
  T: GE.TEMP_CHK_DISABLED,
  V: GE.VENT_REQ_DISABLED,
};

/** Everything a build decides (RAPI.md §0.1, §3.6; FIELD-FIRMWARE.md §2). */
export interface Build {
  /** Core's profile of this firmware build: commands, `$GV`, dialect (the single source). */
  firmware: FirmwareProfile;
  variant: EmulatorVariant;
  /** `$GV` / `$AB` version text, with the variant suffix. */
  version: string;
  /** `$SL A` exists (AUTOSVCLEVEL). */
  autoLevel: boolean;
  /** OVERCURRENT_THRESHOLD: ≥ capacity + 5 A for 10 s → 0x0B. */
  overCurrent: boolean;
  /** Least pilot current per level (6 A; 10 A on L2 before 5.0, FIELD-FIRMWARE.md §2). */
  l1Min: number;
  l2Min: number;
  /** Most current on L1 (16 A before 7.x, then 24 A). */
  l1Max: number;
  l2HwMax: number;
  l1Default: number;
  l2Default: number;
  l1Mv: number;
  l2Mv: number;
  /** `$GE` flags of a fresh EEPROM. */
  defaultFlags: number;
}

/** Minimum pilot current, J1772 (RAPI.md §3.6). */
export const MIN_AMPS = 6;

/** Builds are immutable: one object per (firmware build, variant), shared by every instance. */
const builds = new Map<FirmwareProfile, Map<EmulatorVariant, Build>>();

/** Resolve a build from core's firmware profile and the regional variant. */
export function resolveBuild(firmware: FirmwareProfile, variant: EmulatorVariant): Build {
  let byVariant = builds.get(firmware);
  if (!byVariant) {
    byVariant = new Map();
    builds.set(firmware, byVariant);
  }
  let build = byVariant.get(variant);
  if (!build) {
    build = Object.freeze(makeBuild(firmware, variant));
    byVariant.set(variant, build);
  }
  return build;
}

function makeBuild(firmware: FirmwareProfile, variant: EmulatorVariant): Build {
  const eu = variant !== 'US';
  const pio = firmware.profile === 'platformio';
  return {
    firmware,
    variant,
    version: firmware.version + (variant === 'US' ? '' : `.${variant}`),
    // PlatformIO EU/T2/CGMI builds have no AUTOSVCLEVEL (§0.1); the Arduino defaults have it.
    autoLevel: firmware.autoServiceLevel && (!pio || !eu),
    overCurrent: pio && (variant === 'EU' || variant === 'T2'),
    l1Min: firmware.amps.minL1,
    l2Min: firmware.amps.minL2,
    l1Max: firmware.amps.maxL1,
    l2HwMax: eu ? 32 : firmware.amps.maxL2,
    l1Default: firmware.amps.defaultL1,
    l2Default: eu ? 32 : firmware.amps.defaultL2,
    l1Mv: 120_000,
    l2Mv: eu ? 230_000 : 240_000,
    defaultFlags: eu ? GE.L2 | GE.AUTO_SVC_LEVEL_DISABLED : GE.L2,
  };
}
