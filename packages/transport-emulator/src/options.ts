/**
 * Argument checks for `createEmulator` (bad input gets a clear `TypeError` naming it).
 */
import { FIRMWARE_VERSIONS, isFirmwareVersion } from '@evse/core';
import type { EmulatorOptions } from './types.js';

const PROFILES = ['arduino', 'platformio'];
const VARIANTS = ['US', 'EU', 'T2', 'CGMI'];

const nonNegative = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Throw a `TypeError` naming the first invalid option. */
export function checkOptions(o: EmulatorOptions): void {
  const fail = (name: string, what: string, value: unknown): never => {
    throw new TypeError(`options.${name} must be ${what}, got ${String(value)}`);
  };
  if (o.firmware !== undefined && !isFirmwareVersion(o.firmware)) {
    fail('firmware', `one of ${FIRMWARE_VERSIONS.join(', ')}`, o.firmware);
  }
  for (const key of ['authLock', 'bootLock'] as const) {
    if (o[key] !== undefined && typeof o[key] !== 'boolean') fail(key, 'a boolean', o[key]);
  }
  if (o.baud !== undefined && !(Number.isInteger(o.baud) && o.baud > 0)) {
    fail('baud', 'a positive integer', o.baud);
  }
  if (o.profile !== undefined && !PROFILES.includes(o.profile)) {
    fail('profile', `one of ${PROFILES.join(', ')}`, o.profile);
  }
  if (o.variant !== undefined && !VARIANTS.includes(o.variant)) {
    fail('variant', `one of ${VARIANTS.join(', ')}`, o.variant);
  }
  for (const key of ['bootDelayMs', 'postMs'] as const) {
    if (o[key] !== undefined && !nonNegative(o[key])) fail(key, 'a number >= 0', o[key]);
  }
  if (o.chargingLoopMs !== undefined && !(nonNegative(o.chargingLoopMs) && o.chargingLoopMs > 0)) {
    fail('chargingLoopMs', 'a number > 0', o.chargingLoopMs);
  }
  if (o.ambientC !== undefined && !Number.isFinite(o.ambientC)) {
    fail('ambientC', 'a finite number', o.ambientC);
  }
  if (
    o.rtc !== undefined &&
    o.rtc !== null &&
    !(o.rtc instanceof Date && !Number.isNaN(o.rtc.getTime()))
  ) {
    fail('rtc', 'a valid Date or null', o.rtc);
  }
  if (o.clock !== undefined && o.clock !== 'real' && typeof o.clock?.advance !== 'function') {
    fail('clock', "'real' or a virtual clock from createVirtualClock()", o.clock);
  }
  if (o.mcuId !== undefined && typeof o.mcuId !== 'string') fail('mcuId', 'a string', o.mcuId);
  if (o.stateFile !== undefined && (typeof o.stateFile !== 'string' || o.stateFile === '')) {
    fail('stateFile', 'a non-empty path', o.stateFile);
  }
  for (const [key, value] of Object.entries(o.ev ?? {})) {
    if (value !== undefined && !nonNegative(value)) fail(`ev.${key}`, 'a number >= 0', value);
  }
}
