/**
 * Which OCPP version each fleet station speaks: one for all, or `mix` (every other station
 * 1.6, by index, so a shard of any size holds both), for load-testing a central system that
 * serves 1.5J and 1.6J side by side. Both versions have the same charge point shape (the 1.6
 * charge point is the 1.5 engine speaking 1.6, `@evse/ocpp16`).
 */
import { type ChargePoint, type ChargePointOptions, createChargePoint } from '@evse/ocpp15';
import { type ChargePoint16Options, createChargePoint16 } from '@evse/ocpp16';

/** What `FleetOptions.ocppVersion` takes. */
export type FleetOcppVersion = '1.5' | '1.6' | 'mix';

/** The version of station `index` (0-based over the whole fleet). */
export function versionOf(choice: FleetOcppVersion, index: number): '1.5' | '1.6' {
  if (choice === 'mix') return index % 2 === 1 ? '1.6' : '1.5';
  return choice;
}

/** Create the charge point of `version` (the options are the same in both). */
export function createVersionedChargePoint(
  version: '1.5' | '1.6',
  options: ChargePointOptions,
): ChargePoint {
  return version === '1.6'
    ? createChargePoint16(options as ChargePoint16Options)
    : createChargePoint(options);
}
