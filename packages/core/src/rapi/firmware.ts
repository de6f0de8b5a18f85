/**
 * What each controller firmware in the field answers (docs/protocol/FIELD-FIRMWARE.md §2, §3):
 * its `$GV` text, its RAPI protocol (and so its wire dialect, `dialect.ts`) and the command
 * codes its default build answers; every other code gets `$NK`. The one place these facts are
 * stated: the client asks it what a station can do, the emulator's profiles answer by it.
 *
 * The older rows were read from the firmware source at each tag (`rapi_proc.cpp`
 * `processCmd()` and the compile-time options of `open_evse.h` / `platformio.ini`). The 8.2.3
 * row is not restated here: it is derived from the 8.2.3 command table (`commands.ts`) and
 * its build options (`build-options.ts`, RAPI.md §0.1).
 */
import type { BuildOption, BuildProfile } from './build-options.js';
import { liveCommands } from './commands.js';
import {
  dialectOf,
  type ProtocolVersion,
  parseProtocolVersion,
  type RapiDialect,
} from './dialect.js';

/** The controller firmware versions this project models, oldest first (FIELD-FIRMWARE.md §3). */
export const FIRMWARE_VERSIONS = ['3.11.3', '4.8.0', '5.0.1', '7.1.3', '8.2.3'] as const;
/** A modelled controller firmware version. */
export type FirmwareVersion = (typeof FIRMWARE_VERSIONS)[number];
/** The firmware RAPI.md specifies and the emulator runs unless told otherwise. */
export const DEFAULT_FIRMWARE: FirmwareVersion = '8.2.3';

/** True when `v` is a modelled firmware version. */
export function isFirmwareVersion(v: unknown): v is FirmwareVersion {
  return typeof v === 'string' && (FIRMWARE_VERSIONS as readonly string[]).includes(v);
}

/**
 * The old feature setters that `$FF <letter> 0|1` replaced in RAPI 4.0 (D4.9.1): `$SD 0`
 * turns diode checking off like `$FF D 0`. `$SS` is 3.x's second GFI self-test setter.
 * (v3.11.3 `rapi_proc.cpp`, v4.8.0 `src/rapi_proc.cpp`; gone in v5.0.1 under `RAPI_FF`.)
 */
export const LEGACY_FEATURE_SETTERS: Readonly<Record<string, string>> = {
  SD: 'D',
  SE: 'E',
  SF: 'F',
  SG: 'G',
  SR: 'R',
  SS: 'F',
  SV: 'V',
};

/** Codes whose meaning changed across versions (the reason a client must know the version). */
export const CHANGED_MEANING: Readonly<Record<string, string>> = {
  SV: 'before RAPI 4.0: vent-required check on/off (now `$FF V`); from 7.0.1 (5.1.3): voltage for energy maths',
  ST: 'a client sends `$ST h m h m` (delay timer); before RAPI 5.0 the controller also sends async `$ST xx` (state)',
  GS: 'before RAPI 5.0: `state(dec) elapsed`; from 5.0: `state(hex) elapsed pilot(hex) vflags(hex)`',
  GC: 'before D6.2.0: `min max`; from 5.1.0: `min max pilot configuredMax`',
  SC: 'before D4.3.1 no volatile `V`; before 4.0.1 no amps in the reply; `M` (hardware max) from D6.3.0',
  FF: 'from D4.9.1 (4.0.0); `$FF B` (front button) from D6.2.0 (5.1.0)',
};

/** One row of the table: what a firmware version's default build does. */
interface FirmwareRow {
  /** `$GV` first field, the build's VERSION string. */
  readonly version: string;
  /** `$GV` second field, RAPIVER. */
  readonly protocol: string;
  /** Where the row was read. */
  readonly source: string;
  /** Codes the default build answers (older rows; the 8.2.3 row derives them). */
  readonly commands?: string;
  /** Switchable options this version has (`AUTH_LOCK` adds `$S4 $G4`, `BOOTLOCK` adds `$SB`). */
  readonly options: readonly ('AUTH_LOCK' | 'BOOTLOCK')[];
  /** The `S` group has no `default:` case: an unknown `$S?` answers `$OK` (3.x). */
  readonly unknownSetterOk: boolean;
  /** `$FF` feature letters ('' when there is no `$FF`). */
  readonly featureLetters: string;
  /** `$SD $SE $SF $SG $SR $SV` (and 3.x `$SS`) are feature setters (LEGACY_FEATURE_SETTERS). */
  readonly legacySetters: boolean;
  /** Fields of the `$GC` reply. */
  readonly capacityRangeFields: 2 | 4;
  /** `$SC` replies with the amps set (4.0.1 on). */
  readonly capacityReply: boolean;
  /** `$SL A` exists (ADVPWR + AUTOSVCLEVEL). */
  readonly autoServiceLevel: boolean;
  /** `$AT` on a vflag change, held while a command runs and sent after its reply (7.1.1 on). */
  readonly atDeferredToReply: boolean;
  /** `$AN` button events and `$WF` (RAPI_BTN / RAPI_WF, 7.1.0 on). */
  readonly buttonEvents: boolean;
  /**
   * An AUTH_LOCK build locks again on every move to state A (D6.1.0, "lock when transition to
   * STATE_A"); before it the lock stays as `$S4` left it until a reboot.
   */
  readonly authRelockInA: boolean;
  /** Current limits of the US build, amps (`open_evse.h` `*_CURRENT_CAPACITY_*`). */
  readonly amps: CapacityLimits;
}

/** A build's current limits and fresh-EEPROM defaults per service level, amps. */
export interface CapacityLimits {
  readonly minL1: number;
  readonly minL2: number;
  readonly maxL1: number;
  readonly maxL2: number;
  readonly defaultL1: number;
  readonly defaultL2: number;
}

/** 3.x/4.x: L2 starts at 10 A, L1 stops at 16 A. */
const OLD_AMPS: CapacityLimits = {
  minL1: 6,
  minL2: 10,
  maxL1: 16,
  maxL2: 80,
  defaultL1: 12,
  defaultL2: 16,
};
/** 7.x/8.x: 6 A on both levels, L1 up to 24 A (TT-30). */
const AMPS: CapacityLimits = {
  minL1: 6,
  minL2: 6,
  maxL1: 24,
  maxL2: 80,
  defaultL1: 12,
  defaultL2: 24,
};

const OLD_G = 'G3 GA GC GE GF GG GH GP GS GT GU GV';

/** The table (FIELD-FIRMWARE.md §2). */
const rows: Readonly<Record<FirmwareVersion, FirmwareRow>> = {
  '3.11.3': {
    version: '3.11.3',
    protocol: '1.0.3',
    source: 'v3.11.3 rapi_proc.cpp processCmd(), open_evse.h',
    // LCD16X2 (FB FP S0), RTC+DELAYTIMER (S1 ST GT), AMMETER (S2 SA GA GG), TIME_LIMIT,
    // CHARGE_LIMIT, KWH_RECORDING (SK GU), ADVPWR (SG SR SL A), GFI_SELFTEST (SF SS),
    // TEMPERATURE_MONITORING (GP). No F0 F1 FF G0 GD; VOLTMETER only on OPENEVSE_2.
    commands: `FB FD FE FP FR FS S0 S1 S2 S3 SA SC SD SE SF SG SH SK SL SR SS ST SV ${OLD_G}`,
    options: [],
    unknownSetterOk: true,
    featureLetters: '',
    legacySetters: true,
    capacityRangeFields: 2,
    capacityReply: false,
    autoServiceLevel: true,
    atDeferredToReply: false,
    buttonEvents: false,
    authRelockInA: false,
    amps: OLD_AMPS,
  },
  '4.8.0': {
    version: '4.8.0',
    protocol: '3.0.1',
    source: 'v4.8.0 firmware/open_evse/src/rapi_proc.cpp, src/open_evse.h',
    // As 3.11.3 plus F0 (D4.7.0), G0 (D4.6.0), GD (D4.8.0); S4/G4 only with AUTH_LOCK.
    commands: `F0 FB FD FE FP FR FS S0 S1 S2 S3 SA SC SD SE SF SG SH SK SL SR ST SV G0 GD ${OLD_G}`,
    options: ['AUTH_LOCK'],
    unknownSetterOk: false,
    featureLetters: '',
    legacySetters: true,
    capacityRangeFields: 2,
    capacityReply: false,
    autoServiceLevel: true,
    atDeferredToReply: false,
    buttonEvents: false,
    authRelockInA: false,
    amps: OLD_AMPS,
  },
  '5.0.1': {
    version: '5.0.1',
    protocol: '4.0.1',
    source: 'v5.0.1 firmware/open_evse/rapi_proc.cpp, open_evse.h (RAPI_FF on, AUTOSVCLEVEL off)',
    // RAPI_FF: $FF replaces SD SE SF SG SR SV; F1 (BTN_MENU, D5.0.0).
    commands: `F0 F1 FB FD FE FF FP FR FS S0 S1 S2 S3 SA SC SH SK SL ST G0 GD ${OLD_G}`,
    options: ['AUTH_LOCK'],
    unknownSetterOk: false,
    featureLetters: 'DEFGRTV',
    legacySetters: false,
    capacityRangeFields: 2,
    capacityReply: true,
    autoServiceLevel: false,
    atDeferredToReply: false,
    buttonEvents: false,
    authRelockInA: false,
    // The v5.0.1 tag's open_evse.h carries OpenEnergyMonitor's 32 A L2 settings.
    amps: { minL1: 6, minL2: 6, maxL1: 16, maxL2: 32, defaultL1: 12, defaultL2: 32 },
  },
  '7.1.3': {
    version: '7.1.3',
    protocol: '5.1.3',
    source: '7.1.3 firmware/open_evse/rapi_proc.cpp, open_evse.h (OEV6, no HEARTBEAT_SUPERVISION)',
    // SV = voltage (KWH_RECORDING && !VOLTMETER), Z0 (OEV6 → RELAY_HOLD_DELAY_TUNING);
    // no SY GY (heartbeat compiled out), no S5 G5, GI, SB (later versions).
    commands: `F0 F1 FB FD FE FF FP FR FS S0 S1 S2 S3 SA SC SH SK SL ST SV G0 GD ${OLD_G} Z0`,
    options: ['AUTH_LOCK'],
    unknownSetterOk: false,
    featureLetters: 'BDEFGRTV',
    legacySetters: false,
    capacityRangeFields: 4,
    capacityReply: true,
    autoServiceLevel: true,
    atDeferredToReply: true,
    buttonEvents: true,
    authRelockInA: true,
    amps: AMPS,
  },
  '8.2.3': {
    version: '8.2.3',
    protocol: '5.2.1',
    source: 'RAPI.md §0.1, §2 (commands.ts, build-options.ts)',
    options: ['AUTH_LOCK', 'BOOTLOCK'],
    unknownSetterOk: false,
    featureLetters: 'BDEFGRTV',
    legacySetters: false,
    capacityRangeFields: 4,
    capacityReply: true,
    autoServiceLevel: true,
    atDeferredToReply: true,
    buttonEvents: true,
    authRelockInA: true,
    amps: AMPS,
  },
};

/** Which build of which firmware. */
export interface FirmwareBuild {
  /** @default '8.2.3' */
  readonly firmware?: FirmwareVersion;
  /** 8.2.3 only: the Arduino-IDE defaults or the PlatformIO release. @default 'arduino' */
  readonly profile?: BuildProfile;
  /** AUTH_LOCK compiled in: `$S4`/`$G4` (4.8.0 on). @default false */
  readonly authLock?: boolean;
  /** BOOTLOCK compiled in: `$SB`, vflag 0x4000 (8.2.3). @default false */
  readonly bootLock?: boolean;
}

/** A resolved build: its row plus what the options make of it. Shared and frozen. */
export interface FirmwareProfile extends Omit<FirmwareRow, 'commands' | 'options' | 'protocol'> {
  readonly firmware: FirmwareVersion;
  readonly profile: BuildProfile;
  readonly authLock: boolean;
  readonly bootLock: boolean;
  /** RAPIVER text, e.g. `'5.2.1'`. */
  readonly protocolText: string;
  readonly protocol: ProtocolVersion;
  readonly dialect: RapiDialect;
  /** Codes this build answers (anything else: `$NK`, except 3.x's unknown setters). */
  readonly commands: ReadonlySet<string>;
  /** The options this version could have compiled in. */
  readonly options: readonly ('AUTH_LOCK' | 'BOOTLOCK')[];
}

const profiles = new Map<string, FirmwareProfile>();

function buildCommands(firmware: FirmwareVersion, b: Required<FirmwareBuild>): string[] {
  const row = rows[firmware];
  if (row.commands === undefined) {
    const options: Partial<Record<BuildOption, boolean>> = {
      AUTH_LOCK: b.authLock,
      BOOTLOCK: b.bootLock,
    };
    return liveCommands({ profile: b.profile, options });
  }
  return [...row.commands.split(' '), ...(b.authLock ? ['S4', 'G4'] : [])];
}

/**
 * The profile of `build` (one frozen object per distinct build, shared by every caller).
 * Throws `TypeError` for a build that never existed (AUTH_LOCK on 3.x, BOOTLOCK before 8.2.3,
 * a PlatformIO profile other than 8.2.3's).
 */
export function firmwareProfile(build: FirmwareBuild = {}): FirmwareProfile {
  const firmware = build.firmware ?? DEFAULT_FIRMWARE;
  if (!isFirmwareVersion(firmware)) {
    throw new TypeError(
      `firmware must be one of ${FIRMWARE_VERSIONS.join(', ')}, got ${String(firmware)}`,
    );
  }
  const b: Required<FirmwareBuild> = {
    firmware,
    profile: build.profile ?? 'arduino',
    authLock: build.authLock ?? false,
    bootLock: build.bootLock ?? false,
  };
  const key = `${firmware} ${b.profile} ${b.authLock} ${b.bootLock}`;
  const cached = profiles.get(key);
  if (cached) return cached;
  const row = rows[firmware];
  if (b.profile !== 'arduino' && firmware !== '8.2.3') {
    throw new TypeError(`profile '${b.profile}' exists only for firmware 8.2.3`);
  }
  if (b.authLock && !row.options.includes('AUTH_LOCK')) {
    throw new TypeError(`firmware ${firmware} has no AUTH_LOCK ($S4/$G4 came in D4.5.1)`);
  }
  if (b.bootLock && !row.options.includes('BOOTLOCK')) {
    throw new TypeError(`firmware ${firmware} has no BOOTLOCK ($SB came in 8.2.x)`);
  }
  const protocol = parseProtocolVersion(row.protocol) as ProtocolVersion;
  const { commands: _c, protocol: _p, ...rest } = row;
  const profile: FirmwareProfile = Object.freeze({
    ...rest,
    firmware,
    profile: b.profile,
    authLock: b.authLock,
    bootLock: b.bootLock,
    protocolText: row.protocol,
    protocol,
    dialect: Object.freeze(dialectOf(protocol)),
    commands: new Set(buildCommands(firmware, b)),
  });
  profiles.set(key, profile);
  return profile;
}

/** Whether `profile` answers `code` (`'GS'`, `'SB'`, …) with anything but `$NK`. */
export function answersCommand(profile: FirmwareProfile, code: string): boolean {
  return profile.commands.has(code) || (profile.unknownSetterOk && /^S[0-9A-Z]$/.test(code));
}
