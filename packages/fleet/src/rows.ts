import type { FleetStation } from './station.js';

/** One station's row in the dashboard's fleet table (the shape of `@evse/dashboard`'s FleetRow). */
export interface FleetStationRow {
  readonly id: string;
  /** Statechart state id of the mirrored station (`charging`, `fault`, …). */
  readonly state: string;
  /** The open transaction's id from the central system; null without one (or before it is known). */
  readonly transactionId: number | null;
  /** Session energy by the emulator's meter, Wh (`$GU` Ws / 3600, RAPI.md §4.9). */
  readonly energyWh: number;
  readonly fault: string | null;
}

/**
 * A row reader for the dashboard's fleet table, read from the stations' current state (no
 * RAPI traffic). The emulator's status snapshot is the costly part (about 7 µs, against
 * 0.35 µs for the mirrored status), and session energy only moves while charging, so it is
 * re-read only for a charging station or one whose state changed: 10,000 idle stations cost
 * a few ms a pass.
 */
export function createRowReader(): (s: FleetStation) => FleetStationRow {
  const last = new WeakMap<FleetStation, FleetStationRow>();
  return (s) => {
    const status = s.station.getStatus();
    const before = last.get(s);
    const energyWh =
      before !== undefined && status.state !== 'charging' && status.state === before.state
        ? before.energyWh
        : Math.floor(s.emulator.control.status().sessionWs / 3600);
    const row: FleetStationRow = {
      id: s.id,
      state: status.state,
      transactionId: s.chargePoint.transactions.current()?.transactionId ?? null,
      energyWh,
      fault: status.fault,
    };
    last.set(s, row);
    return row;
  };
}
