/**
 * THE RAPI command table of firmware 8.2.3 / RAPI 5.2.1: all 47 command codes with a
 * handler in `rapi_proc.cpp` (RAPI.md §2.6), as data. Each row cites its RAPI.md section.
 * Derived maps (codes, live sets per build, field decoders) are computed below, never
 * typed twice. Param and reply `type`: `dec` decimal (signed where the firmware prints
 * `%d`/`%ld`), `hex` (`%x`/`%02x`/`%04x`), `text` one token as is, `rest` all remaining tokens.
 * This file is long because it is the table; the logic lives in reply.ts.
 */
import { type BuildConfig, type BuildOption, isOptionOn } from './build-options.js';

/** How a token is written. */
export type TokenType = 'dec' | 'hex' | 'text' | 'rest';

/** A command parameter. */
export interface ParamSpec {
  readonly name: string;
  readonly type: TokenType;
  readonly unit?: string;
  /** The only values the firmware accepts (others: `$NK`). */
  readonly values?: readonly string[];
  readonly optional?: boolean;
}

/** A reply data field. */
export interface ReplyFieldSpec {
  readonly name: string;
  readonly type: TokenType;
  readonly unit?: string;
}

/** One command. */
export interface CommandSpec {
  readonly summary: string;
  readonly params: readonly ParamSpec[];
  /** Data fields of the `$OK` reply, in order. */
  readonly reply: readonly ReplyFieldSpec[];
  /** `$NK` carries the same data fields (`$SC`, `$SY`, RAPI.md §1.7). */
  readonly dataOnNk?: boolean;
  /** Never answers (`$FR`, RAPI.md §2.1). */
  readonly noReply?: boolean;
  /** Controller firmware version it appeared in (RAPI protocol version in brackets). */
  readonly since: string;
  /** Compile-time option that must be on, else the build answers `$NK` (RAPI.md §0.1). */
  readonly gate?: BuildOption;
  /** How the ESP32 WiFi firmware uses it (RAPI.md §2, §5). */
  readonly esp32: 'core' | 'action' | 'passthrough' | 'none' | 'coreIfBootLock';
  /** Where RAPI.md describes it. */
  readonly ref: string;
}

function d<const N extends string>(
  name: N,
  unit?: string,
): { readonly name: N; readonly type: 'dec'; readonly unit?: string } {
  return unit === undefined ? { name, type: 'dec' } : { name, type: 'dec', unit };
}
function bool<const N extends string>(
  name: N,
): { readonly name: N; readonly type: 'dec'; readonly values: readonly ['0', '1'] } {
  return { name, type: 'dec', values: ['0', '1'] };
}
const hm = [
  d('startHour', 'h'),
  d('startMinute', 'min'),
  d('stopHour', 'h'),
  d('stopMinute', 'min'),
] as const;
const heartbeat = [d('intervalS', 's'), d('fallbackA', 'A'), d('trigger')] as const;

/** Every 8.2.3 command code (RAPI.md §2.1–§2.4). */
export const commands = {
  // §2.1 F — functions
  F0: {
    summary: 'LCD updates off (0) / on',
    params: [bool('enabled')],
    reply: [],
    since: 'D4.7.0',
    esp32: 'action',
    ref: '§2.1',
  },
  F1: {
    summary: 'front button short press',
    params: [],
    reply: [],
    since: 'D5.0.0 (4.0.1)',
    gate: 'LCD',
    esp32: 'none',
    ref: '§2.1',
  },
  FB: {
    summary: 'LCD backlight colour 0–7',
    params: [d('color')],
    reply: [],
    since: '2013',
    gate: 'LCD',
    esp32: 'action',
    ref: '§2.1',
  },
  FD: {
    summary: 'disable (state ff)',
    params: [],
    reply: [],
    since: '2013 (1.0.0)',
    esp32: 'action',
    ref: '§2.1, §4.4',
  },
  FE: {
    summary: 'enable (from sleeping/disabled)',
    params: [],
    reply: [],
    since: '2013',
    esp32: 'action',
    ref: '§2.1, §4.4',
  },
  FF: {
    summary: 'feature switch: B D E F G R T V, 0|1',
    params: [
      { name: 'feature', type: 'text', values: ['B', 'D', 'E', 'F', 'G', 'R', 'T', 'V'] },
      { name: 'enabled', type: 'text', values: ['0', '1'] },
    ],
    reply: [],
    since: 'D4.9.1 (4.0.0)',
    esp32: 'action',
    ref: '§2.1, §1.9',
  },
  FP: {
    summary: 'print text on the LCD at x y',
    params: [d('x'), d('y'), { name: 'text', type: 'rest' }],
    reply: [],
    since: '2013',
    gate: 'LCD',
    esp32: 'action',
    ref: '§2.1',
  },
  FR: {
    summary: 'reboot; never answers',
    params: [],
    reply: [],
    noReply: true,
    since: '2013',
    esp32: 'action',
    ref: '§2.1, §7.11',
  },
  FS: {
    summary: 'sleep (state fe)',
    params: [],
    reply: [],
    since: '2013',
    esp32: 'action',
    ref: '§2.1, §4.4',
  },
  // §2.2 S — setters
  S0: {
    summary: 'LCD type: 0 mono, 1 RGB',
    params: [bool('rgb')],
    reply: [],
    since: '2013',
    gate: 'LCD',
    esp32: 'none',
    ref: '§2.2',
  },
  S1: {
    summary: 'set RTC (2-digit year, 24 h)',
    params: [d('year'), d('month'), d('day'), d('hour'), d('minute'), d('second')],
    reply: [],
    since: '3.2.6 (1.0.1)',
    gate: 'RTC',
    esp32: 'action',
    ref: '§2.2',
  },
  S2: {
    summary: 'ammeter calibration mode (compiled out)',
    params: [bool('enabled')],
    reply: [],
    since: 'D3.3.7 (1.0.2)',
    gate: 'AMMETER_CAL',
    esp32: 'none',
    ref: '§2.2, §7.7',
  },
  S3: {
    summary: 'session time limit in 15-min units (B/C only)',
    params: [d('limit15Min', '15 min')],
    reply: [],
    since: '3.8',
    gate: 'TIME_LIMIT',
    esp32: 'none',
    ref: '§2.2',
  },
  S4: {
    summary: 'auth lock on/off',
    params: [bool('locked')],
    reply: [],
    since: 'D4.5.1',
    gate: 'AUTH_LOCK',
    esp32: 'none',
    ref: '§2.2, §4.10',
  },
  S5: {
    summary: 'Mennekes lock: 0 unlock, 1 lock, A auto, M manual',
    params: [{ name: 'mode', type: 'text', values: ['0', '1', 'A', 'M'] }],
    reply: [],
    since: 'D8.1.0 (5.2.0)',
    gate: 'MENNEKES_LOCK',
    esp32: 'none',
    ref: '§2.2',
  },
  SA: {
    summary: 'ammeter scale and offset',
    params: [d('scale'), d('offset', 'mA')],
    reply: [],
    since: '3.2.6 (1.0.1)',
    gate: 'AMMETER',
    esp32: 'action',
    ref: '§2.2, §3.8',
  },
  SB: {
    summary: 'clear boot lock; 1 = refused (fault)',
    params: [],
    reply: [d('refused')],
    since: '8.2.3',
    gate: 'BOOTLOCK',
    esp32: 'coreIfBootLock',
    ref: '§2.2',
  },
  SC: {
    summary: 'set current capacity; V volatile, M hardware max',
    params: [d('amps', 'A'), { name: 'mode', type: 'text', optional: true }],
    reply: [d('amps', 'A')],
    dataOnNk: true,
    since: '2013 (V: D4.3.1, M: D6.3.0)',
    esp32: 'core',
    ref: '§2.2, §3.7',
  },
  SH: {
    summary: 'session energy limit kWh (B/C only)',
    params: [d('kwh', 'kWh')],
    reply: [],
    since: '3.8',
    gate: 'CHARGE_LIMIT',
    esp32: 'none',
    ref: '§2.2',
  },
  SK: {
    summary: 'overwrite lifetime energy Wh',
    params: [d('wh', 'Wh')],
    reply: [],
    since: 'D3.7.7 (1.0.3)',
    gate: 'AMMETER',
    esp32: 'none',
    ref: '§2.2, §1.8',
  },
  SL: {
    summary: 'service level 1, 2 or A (auto; AUTOSVCLEVEL builds)',
    params: [{ name: 'level', type: 'text', values: ['1', '2', 'A'] }],
    reply: [],
    since: '2013',
    esp32: 'action',
    ref: '§2.2',
  },
  SM: {
    summary: 'voltmeter calibration',
    params: [d('scale'), d('offset')],
    reply: [],
    since: '≤3.7',
    gate: 'VOLTMETER',
    esp32: 'none',
    ref: '§2.2',
  },
  ST: {
    summary: 'delay timer start/stop; all 0 = off',
    params: hm,
    reply: [],
    since: '2013',
    gate: 'RTC',
    esp32: 'action',
    ref: '§2.2, §4.5',
  },
  SV: {
    summary: 'voltage for energy maths (volatile)',
    params: [d('mv', 'mV')],
    reply: [],
    since: 'D7.0.1 (5.1.3)',
    gate: 'AMMETER',
    esp32: 'action',
    ref: '§2.2',
  },
  SY: {
    summary: 'heartbeat: pulse | ack cookie 165 | interval amps',
    params: [
      { name: 'intervalOrCookie', type: 'dec', optional: true },
      { name: 'fallbackA', type: 'dec', unit: 'A', optional: true },
    ],
    reply: heartbeat,
    dataOnNk: true,
    since: 'D6.1.3',
    gate: 'HEARTBEAT_SUPERVISION',
    esp32: 'core',
    ref: '§2.2, §4.11',
  },
  // §2.3 G — getters
  G0: {
    summary: 'EV connected: 0 no, 1 yes, 2 unknown',
    params: [],
    reply: [d('evConnected')],
    since: 'D4.6.0',
    esp32: 'none',
    ref: '§2.3',
  },
  G3: {
    summary: 'time limit, 15-min units',
    params: [],
    reply: [d('limit15Min', '15 min')],
    since: '3.8',
    gate: 'TIME_LIMIT',
    esp32: 'none',
    ref: '§2.3',
  },
  G4: {
    summary: 'auth lock 0/1',
    params: [],
    reply: [d('authLocked')],
    since: 'D4.5.1',
    gate: 'AUTH_LOCK',
    esp32: 'none',
    ref: '§2.3',
  },
  G5: {
    summary: 'Mennekes locked, mode A/M',
    params: [],
    reply: [d('locked'), { name: 'mode', type: 'text' }],
    since: 'D8.1.0',
    gate: 'MENNEKES_LOCK',
    esp32: 'none',
    ref: '§2.3',
  },
  GA: {
    summary: 'ammeter scale, offset',
    params: [],
    reply: [d('scale'), d('offset', 'mA')],
    since: '3.2.6 (1.0.1)',
    gate: 'AMMETER',
    esp32: 'core',
    ref: '§2.3',
  },
  GC: {
    summary: 'current capacity range',
    params: [],
    reply: [d('minAmps', 'A'), d('maxAmps', 'A'), d('pilotAmps', 'A'), d('configuredMaxAmps', 'A')],
    since: '2013 (4th value D6.2.0)',
    esp32: 'core',
    ref: '§2.3, §3.7',
  },
  GD: {
    summary: 'delay timer; all 0 when off',
    params: [],
    reply: hm,
    since: 'D4.8.0',
    gate: 'RTC',
    esp32: 'action',
    ref: '§2.3',
  },
  GE: {
    summary: 'pilot amps and $GE flag word',
    params: [],
    reply: [d('pilotAmps', 'A'), { name: 'flags', type: 'hex' }],
    since: '2013',
    esp32: 'core',
    ref: '§2.3, §3.3',
  },
  GF: {
    summary: 'fault trip counters',
    params: [],
    reply: [
      { name: 'gfiTrips', type: 'hex' },
      { name: 'noGroundTrips', type: 'hex' },
      { name: 'stuckRelayTrips', type: 'hex' },
    ],
    since: 'D3.3.7',
    esp32: 'core',
    ref: '§2.3, §3.5',
  },
  GG: {
    summary: 'charging current and voltage',
    params: [],
    reply: [d('currentMa', 'mA'), d('voltageMv', 'mV')],
    since: 'D3.3.7 (1.0.2)',
    gate: 'AMMETER',
    esp32: 'core',
    ref: '§2.3, §4.8',
  },
  GH: {
    summary: 'charge limit kWh',
    params: [],
    reply: [d('chargeLimitKwh', 'kWh')],
    since: '3.8',
    gate: 'CHARGE_LIMIT',
    esp32: 'none',
    ref: '§2.3',
  },
  GI: {
    summary: 'MCU serial (reply starts with a 2nd space)',
    params: [],
    reply: [{ name: 'serial', type: 'rest' }],
    since: 'D7.1.5 (5.1.4)',
    gate: 'MCU_ID',
    esp32: 'core',
    ref: '§2.3, §7.4',
  },
  GM: {
    summary: 'voltmeter settings (VOLTMETER builds)',
    params: [],
    reply: [],
    since: '≤3.7',
    gate: 'VOLTMETER',
    esp32: 'none',
    ref: '§2.3',
  },
  GO: {
    summary: 'never compiled in 8.2.3',
    params: [],
    reply: [],
    since: '—',
    gate: 'TEMPERATURE_MONITORING_NY',
    esp32: 'none',
    ref: '§2.3, §7.7',
  },
  GP: {
    summary: 'temperatures in 0.1 °C; −2560 = absent',
    params: [],
    reply: [d('ds3231', '0.1 °C'), d('mcp9808', '0.1 °C'), d('tmp007', '0.1 °C')],
    since: 'D3.7.7',
    gate: 'TEMPERATURE_MONITORING',
    esp32: 'core',
    ref: '§2.3, §4.9',
  },
  GS: {
    summary: 'EVSE state, elapsed s, pilot state, vflags',
    params: [],
    reply: [
      { name: 'evseState', type: 'hex' },
      d('elapsedSeconds', 's'),
      { name: 'pilotState', type: 'hex' },
      { name: 'vflags', type: 'hex' },
    ],
    since: '2013 (hex, 4 fields: D6.0.0 / 5.0.0)',
    esp32: 'core',
    ref: '§2.3, §3.1, §3.2, §3.4',
  },
  GT: {
    summary: 'RTC; 165 165 165 165 165 85 = no clock',
    params: [],
    reply: [d('year'), d('month'), d('day'), d('hour'), d('minute'), d('second')],
    since: '3.2.6 (1.0.1)',
    gate: 'RTC',
    esp32: 'action',
    ref: '§2.3',
  },
  GU: {
    summary: 'session energy Ws, lifetime energy Wh',
    params: [],
    reply: [d('sessionWs', 'Ws'), d('lifetimeWh', 'Wh')],
    since: 'D3.7.7 (1.0.3)',
    gate: 'AMMETER',
    esp32: 'action',
    ref: '§2.3, §4.7',
  },
  GV: {
    summary: 'firmware and protocol versions',
    params: [],
    reply: [
      { name: 'firmware', type: 'text' },
      { name: 'protocol', type: 'text' },
    ],
    since: '2013',
    esp32: 'core',
    ref: '§2.3',
  },
  GY: {
    summary: 'heartbeat interval, fallback, trigger',
    params: [],
    reply: heartbeat,
    since: 'D6.1.3',
    gate: 'HEARTBEAT_SUPERVISION',
    esp32: 'none',
    ref: '§2.3, §4.11',
  },
  // §2.4 T and Z
  T0: {
    summary: 'fake charging current (debug builds)',
    params: [d('amps', 'A')],
    reply: [],
    since: '—',
    gate: 'RAPI_T_COMMANDS',
    esp32: 'none',
    ref: '§2.4',
  },
  Z0: {
    summary: 'relay close ms and hold PWM (V6)',
    params: [d('closeMs', 'ms'), d('holdPwm')],
    reply: [],
    since: '8.x',
    gate: 'RELAY_HOLD_DELAY_TUNING',
    esp32: 'none',
    ref: '§2.4',
  },
} as const satisfies Record<string, CommandSpec>;

/** A command code of the table: `'GS'`, `'SC'`, … */
export type CommandCode = keyof typeof commands;
/** Getter codes (`G…`). */
export type GetterCode = Extract<CommandCode, `G${string}`>;

/** Every code, in table order (derived). */
export const commandCodes = Object.keys(commands) as CommandCode[];

/** True when `code` is in the table. */
export function isCommandCode(code: string): code is CommandCode {
  return Object.hasOwn(commands, code);
}

/** The table row for `code`, widened to `CommandSpec`. */
export function commandSpec(code: CommandCode): CommandSpec {
  return commands[code];
}

/** Whether `build` answers `code` (else it answers `$NK`, RAPI.md §0.1). */
export function isCommandAvailable(code: CommandCode, build: BuildConfig = {}): boolean {
  const { gate } = commandSpec(code);
  return gate === undefined || isOptionOn(gate, build);
}

/** The codes `build` answers: 39 for the Arduino reference build, 35 for PlatformIO (RAPI.md §2.6). */
export function liveCommands(build: BuildConfig = {}): CommandCode[] {
  return commandCodes.filter((code) => isCommandAvailable(code, build));
}
