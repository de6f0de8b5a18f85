import type { ArbiterStation } from '@evse/core';
import type { MeterReading, StationLike } from '@evse/ocpp15';

/**
 * `station` as the charge point engine sees it, with every meter reading it takes (samples,
 * transaction start and stop, triggered MeterValues) also handed to `onReading`: smart charging
 * converts limits in W with the voltage the station measures (OCPP 1.6 §3.13.2), not a nominal
 * one. Core's Station keeps its `resync` and `client`, so the engine still builds its arbiter
 * from it.
 */
export function measuredStation(
  station: StationLike,
  onReading: (r: MeterReading) => void,
): StationLike {
  const measured: StationLike = {
    get status$() {
      return station.status$;
    },
    getStatus: () => station.getStatus(),
    readMeter: async () => {
      const r = await station.readMeter();
      onReading(r);
      return r;
    },
    info: () => station.info(),
    reset: () => station.reset(),
  };
  const s = station as StationLike & Partial<ArbiterStation>;
  const { resync } = s;
  if (typeof resync !== 'function' || s.client === undefined) return measured;
  const arbiterStation: Pick<ArbiterStation, 'resync' | 'client'> = {
    resync: () => resync.call(station),
    client: s.client,
  };
  return Object.assign(measured, arbiterStation);
}
