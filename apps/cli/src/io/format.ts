// Human-readable one-liners for station status and meter readings. The shapes are the
// Station facade's (core README.md, Station); declared structurally so printing needs no library.

/** The status fields the CLI prints. */
export interface StatusView {
  readonly state: string;
  readonly fault: string | null;
  /** `null` when the controller does not report it (RAPI < 5). */
  readonly pilotState: number | null;
  readonly evConnected?: boolean | null;
  readonly currentCapacity?: number;
}

/** The meter fields the CLI prints. */
export interface MeterView {
  readonly currentMa: number;
  readonly voltageMv: number;
  readonly sessionWh: number;
  readonly temperatureC: number | null;
}

// Pilot state field (RAPI.md §3.2): the same codes as the EVSE state for A/B/C/D.
const PILOT: Readonly<Record<number, string>> = {
  0: '-',
  1: 'A',
  2: 'B',
  3: 'C',
  4: 'D',
  5: 'diode',
};

/** Pilot code → letter (A 12 V no EV, B 9 V connected, C 6 V charging, D 3 V vent). */
export function pilotName(code: number | null): string {
  if (code === null) return '?'; // not reported before RAPI 5 (docs/protocol/FIELD-FIRMWARE.md §2)
  return PILOT[code] ?? `0x${code.toString(16).padStart(2, '0')}`;
}

/** `charging (gfci)` style state label. */
export function stateLabel(status: StatusView): string {
  return status.fault ? `${status.state} (${status.fault})` : status.state;
}

/** One status line: state, pilot, amps, volts, energy, temperature. */
export function formatStatusLine(status: StatusView, meter?: MeterView): string {
  const parts = [`state ${stateLabel(status)}`, `pilot ${pilotName(status.pilotState)}`];
  if (status.currentCapacity !== undefined) parts.push(`limit ${status.currentCapacity} A`);
  if (meter) {
    parts.push(
      `${(meter.currentMa / 1000).toFixed(1)} A`,
      `${(meter.voltageMv / 1000).toFixed(1)} V`,
      `${(meter.sessionWh / 1000).toFixed(3)} kWh`,
    );
    if (meter.temperatureC !== null) parts.push(`${meter.temperatureC.toFixed(1)} °C`);
  }
  return parts.join('  ');
}

/** The emulator status fields the CLI prints (`EmulatorStatus` fits). */
export interface EmulatorStatusView extends StatusView {
  readonly currentMa: number;
  readonly voltageMv: number;
  readonly sessionWs: number;
  /** Tenths of °C per sensor, −2560 = absent (as `$GP`). */
  readonly temperatures: readonly number[];
}

/** Station-like status and meter views of an emulator snapshot. */
export function emulatorViews(s: EmulatorStatusView): { status: StatusView; meter: MeterView } {
  const sensor = s.temperatures.find((t) => t !== -2560);
  return {
    status: s,
    meter: {
      currentMa: s.currentMa,
      voltageMv: s.voltageMv,
      sessionWh: s.sessionWs / 3600,
      temperatureC: sensor === undefined ? null : sensor / 10,
    },
  };
}

/** The part of a status that marks a "change" worth a plain line when not on a terminal. */
export function statusKey(s: StatusView): string {
  return `${s.state}|${s.fault ?? ''}|${s.pilotState}|${s.evConnected ?? ''}|${s.currentCapacity ?? ''}`;
}
