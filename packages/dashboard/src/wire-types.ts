/**
 * The JSON the page receives over `GET /dashboard/events` (documented in the README), and the
 * conversions from the source types.
 */
import type { OcppLabel } from './describe-ocpp.js';
import type { DashboardClaims, DashboardLimit, DashboardMeter, DashboardStatus } from './types.js';

/** A meter point for the plots, in display units. */
export interface MeterPoint {
  /** ms since the epoch */
  readonly t: number;
  readonly currentA: number;
  readonly voltageV: number;
  readonly energyWh: number;
  readonly temperatureC: number | null;
}

/** A RAPI line with its decoded meaning. */
export interface RapiLine {
  readonly dir: 'tx' | 'rx';
  readonly line: string;
  readonly at: number;
  readonly info: string;
}

/** An OCPP-J message with the action it belongs to and its one-line summary. */
export interface OcppLine extends OcppLabel {
  readonly dir: 'tx' | 'rx';
  readonly text: string;
  readonly at: number;
}

/**
 * What the page shows now, without history: `GET /dashboard/status` (for scripts and tests).
 * A part whose source is absent is null.
 */
export interface DashboardSnapshot {
  readonly title: string;
  readonly status: DashboardStatus | null;
  readonly transition: LastTransition | null;
  readonly ocppProtocol: string | null;
  readonly limit: DashboardLimit | null;
  readonly claims: DashboardClaims | null;
}

/** The last state change, as chart state ids (`charging`, `fault.gfci`). */
export interface LastTransition {
  readonly from: string;
  readonly to: string;
  readonly at: number;
}

/** The chart state id of a status: the fault kind is a child of `fault` (machineToJson). */
export function stateId(status: DashboardStatus): string {
  return status.state === 'fault' && status.fault ? `fault.${status.fault}` : status.state;
}

/** `Date | number` → ms. */
export function toMillis(at: Date | number): number {
  return typeof at === 'number' ? at : at.getTime();
}

/** A meter reading in display units; energy counts the partial watt-hour when `sessionWs` is known. */
export function toMeterPoint(m: DashboardMeter): MeterPoint {
  return {
    t: toMillis(m.at),
    // −1 mA means "no ammeter" (RAPI.md §4.8): plot nothing rather than a negative current.
    currentA: m.currentMa < 0 ? 0 : m.currentMa / 1000,
    voltageV: m.voltageMv / 1000,
    energyWh: m.sessionWs === undefined ? m.sessionWh : m.sessionWs / 3600,
    temperatureC: m.temperatureC,
  };
}
