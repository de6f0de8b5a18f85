import type { MeterReading } from '../station.js';
import type { Measurand, ReadingContext } from '../wire/enums.js';
import type { MeterValue, SampledValue } from '../wire/messages.js';

/** The measurands this charge point can report (what `$GG`, `$GU`, `$GP` give). */
export const SUPPORTED_MEASURANDS = [
  'Energy.Active.Import.Register',
  'Power.Active.Import',
  'Current.Import',
  'Voltage',
  'Temperature',
] as const satisfies readonly Measurand[];

/** One of {@link SUPPORTED_MEASURANDS}. */
export type SupportedMeasurand = (typeof SUPPORTED_MEASURANDS)[number];

/** Round to at most `digits` decimals and print without exponent. */
const num = (n: number, digits = 0): string => String(Number(n.toFixed(digits)));

/** How to build samples from one reading. */
export interface SampleOptions {
  readonly context: ReadingContext;
  /** @default all SUPPORTED_MEASURANDS */
  readonly measurands?: readonly SupportedMeasurand[];
  /** Timestamp of the MeterValue. @default the reading's `at` */
  readonly at?: Date;
  /** The energy register in Wh. @default reading.lifetimeWh */
  readonly registerWh?: number;
}

/**
 * One sample per requested measurand, with the units 1.5 spells (`Amp`, `Volt`; STEVE.md §3).
 * The energy register is given by the caller (lifetime + session Wh during a transaction,
 * since `$GU`'s lifetime counter only moves at unplug; RAPI.md §4.7), the same register as
 * meterStart/meterStop, so SteVe's "energy = stop − start" matches the station.
 * Current is skipped when the station has no ammeter (`$GG` reports −1 mA; RAPI.md §3.2),
 * temperature when no sensor is fitted.
 */
export function sampledValues(r: MeterReading, o: SampleOptions): SampledValue[] {
  const { context } = o;
  const measurands = o.measurands ?? SUPPORTED_MEASURANDS;
  const out: SampledValue[] = [];
  for (const m of measurands) {
    switch (m) {
      case 'Energy.Active.Import.Register':
        out.push({ value: num(o.registerWh ?? r.lifetimeWh), context, measurand: m, unit: 'Wh' });
        break;
      case 'Power.Active.Import':
        out.push({ value: num(r.powerW), context, measurand: m, unit: 'W' });
        break;
      case 'Current.Import':
        if (r.currentMa >= 0)
          out.push({ value: num(r.currentMa / 1000, 3), context, measurand: m, unit: 'Amp' });
        break;
      case 'Voltage':
        out.push({ value: num(r.voltageMv / 1000, 3), context, measurand: m, unit: 'Volt' });
        break;
      case 'Temperature':
        if (r.temperatureC !== null) {
          out.push({
            value: num(r.temperatureC, 1),
            context,
            measurand: m,
            location: 'Body',
            unit: 'Celsius',
          });
        }
        break;
    }
  }
  return out;
}

/** A 1.5 MeterValue for one reading, or null when no sample could be produced. */
export function meterValue(r: MeterReading, o: SampleOptions): MeterValue | null {
  const value = sampledValues(r, o);
  if (value.length === 0) return null; // 1.5 requires at least one sample per MeterValue
  return { timestamp: (o.at ?? r.at).toISOString(), value };
}
