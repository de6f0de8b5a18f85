import type { RapiClient } from '../rapi/client.js';
import type { MeterReading } from './types.js';

/** `$GP` value for a sensor that is absent or not read yet (RAPI.md §2.3, §4.9). */
const NO_SENSOR = -2560;

/** The raw readings a meter reading is built from. */
export interface RawMeter {
  /** `$GG`: mA, mV. */
  readonly currentMa: number;
  readonly voltageMv: number;
  /** `$GU`: Ws, Wh. */
  readonly sessionWs: number;
  readonly lifetimeWh: number;
  /** `$GP`: tenths of °C, −2560 = absent. */
  readonly temperaturesTenths: readonly number[];
}

/** Convert raw `$GG`/`$GU`/`$GP` values into a `MeterReading` (pure). */
export function meterReading(raw: RawMeter, at: Date): MeterReading {
  const present = raw.temperaturesTenths.filter((t) => t !== NO_SENSOR);
  return {
    at,
    sessionWs: raw.sessionWs,
    // The firmware adds ⌊Ws / 3600⌋ to the lifetime total at unplug (RAPI.md §4.3).
    sessionWh: Math.floor(raw.sessionWs / 3600),
    lifetimeWh: raw.lifetimeWh,
    currentMa: raw.currentMa,
    voltageMv: raw.voltageMv,
    // mA × mV = µW. −1 mA means "no ammeter" (RAPI.md §2.3): no power to report.
    powerW: raw.currentMa > 0 ? Math.round((raw.currentMa * raw.voltageMv) / 1e6) : 0,
    // The hottest sensor is the one thermal protection acts on (RAPI.md §4.9).
    temperatureC: present.length === 0 ? null : Math.max(...present) / 10,
  };
}

/** Read `$GG`, `$GU` and `$GP` (queued one after another by the client). */
export async function readRawMeter(client: RapiClient): Promise<RawMeter> {
  const [gg, gu, gp] = await Promise.all([
    client.getCurrentVoltage(),
    client.getEnergy(),
    client.get('GP'),
  ]);
  return {
    currentMa: gg.currentMa,
    voltageMv: gg.voltageMv,
    sessionWs: gu.sessionWs,
    lifetimeWh: gu.lifetimeWh,
    temperaturesTenths: [gp.ds3231, gp.mcp9808, gp.tmp007],
  };
}
