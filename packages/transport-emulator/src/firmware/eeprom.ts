/**
 * The persistent settings (EEPROM) of the controller (RAPI.md §4.1: what survives a reboot).
 * Plain data, so it can be saved as JSON and compared in tests.
 */
import type { Build } from './constants.js';

/** Everything 8.2.3 keeps in EEPROM. */
export interface Eeprom {
  /** `$GE` flag word. */
  flags: number;
  /** Saved current for L1 / L2; `null` = never written (level default applies). */
  currentL1: number | null;
  currentL2: number | null;
  /** Hardware maximum written once by `$SC n M`; `null` = cell never written. */
  hwMax: number | null;
  /** Delay timer start/stop; all 0 = off. */
  timer: [number, number, number, number];
  ammeterScale: number;
  ammeterOffset: number;
  lifetimeWh: number;
  /** `$GF` counters: GFI, no ground, stuck relay (cap 254, RAPI.md §3.5). */
  faultCounters: [number, number, number];
  heartbeatInterval: number;
  heartbeatFallback: number;
  relayCloseMs: number;
  relayHoldPwm: number;
}

/** A fresh EEPROM for `build`. */
export function freshEeprom(build: Build): Eeprom {
  return {
    flags: build.defaultFlags,
    currentL1: null,
    currentL2: null,
    hwMax: null,
    timer: [0, 0, 0, 0],
    ammeterScale: 220,
    ammeterOffset: 0,
    lifetimeWh: 0,
    faultCounters: [0, 0, 0],
    heartbeatInterval: 0,
    heartbeatFallback: 0,
    relayCloseMs: 100,
    relayHoldPwm: 255,
  };
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isIntOrNull = (v: unknown): v is number | null => v === null || isInt(v);
const isIntTuple = (v: unknown, n: number): boolean =>
  Array.isArray(v) && v.length === n && v.every(isInt);

/**
 * Validate a parsed state-file object. Throws a `TypeError` naming the first bad field, so a
 * damaged file is reported rather than silently replaced.
 */
export function validateEeprom(value: unknown): Eeprom {
  if (typeof value !== 'object' || value === null) throw new TypeError('EEPROM must be an object');
  const o = value as Record<string, unknown>;
  const checks: [string, (v: unknown) => boolean][] = [
    ['flags', isInt],
    ['currentL1', isIntOrNull],
    ['currentL2', isIntOrNull],
    ['hwMax', isIntOrNull],
    ['timer', (v) => isIntTuple(v, 4)],
    ['ammeterScale', isInt],
    ['ammeterOffset', isInt],
    ['lifetimeWh', isInt],
    ['faultCounters', (v) => isIntTuple(v, 3)],
    ['heartbeatInterval', isInt],
    ['heartbeatFallback', isInt],
    ['relayCloseMs', isInt],
    ['relayHoldPwm', isInt],
  ];
  for (const [key, ok] of checks) {
    if (!ok(o[key])) throw new TypeError(`EEPROM field "${key}" is missing or invalid`);
  }
  return structuredClone(o) as unknown as Eeprom;
}
