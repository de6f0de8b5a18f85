/**
 * Compile-time options that decide which RAPI commands a firmware build answers
 * (RAPI.md §0.1). A command whose option is off falls through to "unknown" → `$NK`.
 */

/** Which firmware build: Arduino-IDE defaults (the RAPI.md reference) or the PlatformIO 8.2.3 releases. */
export type BuildProfile = 'arduino' | 'platformio';

/** Each gating option with its default per profile (RAPI.md §0.1 table). */
export const buildOptions = {
  /** AMMETER + KWH_RECORDING: `$GG $GU $SK $SA $GA $SV`. */
  AMMETER: { arduino: true, platformio: true },
  /** RTC + DELAYTIMER: `$S1 $GT $ST $GD`. */
  RTC: { arduino: true, platformio: true },
  /** TEMPERATURE_MONITORING: `$GP`, `$FF T`. */
  TEMPERATURE_MONITORING: { arduino: true, platformio: true },
  /** HEARTBEAT_SUPERVISION: `$SY $GY`. */
  HEARTBEAT_SUPERVISION: { arduino: true, platformio: true },
  /** MENNEKES_LOCK: `$S5 $G5`. */
  MENNEKES_LOCK: { arduino: true, platformio: true },
  /** RGBLCD/LCD16X2 + BTN_MENU: `$F1 $FB $FP $S0`. */
  LCD: { arduino: true, platformio: true },
  /** TIME_LIMIT: `$S3 $G3` (commented out in the PlatformIO release builds). */
  TIME_LIMIT: { arduino: true, platformio: false },
  /** CHARGE_LIMIT: `$SH $GH` (commented out in the PlatformIO release builds). */
  CHARGE_LIMIT: { arduino: true, platformio: false },
  /** RELAY_HOLD_DELAY_TUNING + RELAY_PWM: `$Z0`. */
  RELAY_HOLD_DELAY_TUNING: { arduino: true, platformio: true },
  /** MCU_ID_LEN: `$GI`. */
  MCU_ID: { arduino: true, platformio: true },
  /** AUTH_LOCK: `$S4 $G4`, vflag 0x0008. Off in every default build; an OCPP deployment wants it (§4.10). */
  AUTH_LOCK: { arduino: false, platformio: false },
  /** BOOTLOCK: `$SB`, vflag 0x4000. */
  BOOTLOCK: { arduino: false, platformio: false },
  /** VOLTMETER (OpenEVSE II only): `$SM $GM`. */
  VOLTMETER: { arduino: false, platformio: false },
  /** TEMPERATURE_MONITORING_NY: `$GO` (never compiled in 8.2.3). */
  TEMPERATURE_MONITORING_NY: { arduino: false, platformio: false },
  /** ECVF_AMMETER_CAL: `$S2` (dead since D8.1.0). */
  AMMETER_CAL: { arduino: false, platformio: false },
  /** RAPI_T_COMMANDS: `$T0` (debug builds only). */
  RAPI_T_COMMANDS: { arduino: false, platformio: false },
} as const satisfies Record<string, Record<BuildProfile, boolean>>;

/** A gating compile-time option. */
export type BuildOption = keyof typeof buildOptions;

/** A build: a profile plus any options switched away from its defaults. */
export interface BuildConfig {
  /** @default 'arduino' */
  readonly profile?: BuildProfile;
  /** Overrides, e.g. `{ AUTH_LOCK: true }` for an OCPP build. */
  readonly options?: Partial<Record<BuildOption, boolean>>;
}

/** Whether `option` is compiled into `build`. */
export function isOptionOn(option: BuildOption, build: BuildConfig = {}): boolean {
  return build.options?.[option] ?? buildOptions[option][build.profile ?? 'arduino'];
}
