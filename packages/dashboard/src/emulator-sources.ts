/**
 * Sources for a dashboard next to an emulator whose host is elsewhere (`evse emulate`: a PTY
 * or TCP client drives it, so there is no Station in this process). Structural: nothing here
 * imports the emulator package.
 */
import { splitLines } from '@evse/core';
import { map, merge, type Observable, Subject, share, timer } from 'rxjs';
import type { DashboardMeter, DashboardRapiTraffic, DashboardStatus } from './types.js';

/** The raw controller side of an emulator (`emulator.device`). */
export interface DeviceLike {
  readonly output$: Observable<string>;
  receive(chunk: string): void;
}

/**
 * Wrap `device` so that what the host writes is seen too: expose the returned `device` (PTY,
 * TCP) instead of the original, and show `traffic$` — host lines as `tx`, controller lines as
 * `rx`, as a RapiClient's `traffic$` would from the host's side.
 */
export function tapDevice(device: DeviceLike): {
  device: DeviceLike;
  traffic$: Observable<DashboardRapiTraffic>;
} {
  const received = new Subject<string>();
  const stamp = (direction: 'tx' | 'rx') =>
    map((line: string): DashboardRapiTraffic => ({ direction, line, at: Date.now() }));
  const traffic$ = merge(
    received.pipe(splitLines(), stamp('tx')),
    device.output$.pipe(splitLines(), stamp('rx')),
  ).pipe(share());
  return {
    device: {
      output$: device.output$,
      receive(chunk) {
        received.next(chunk);
        device.receive(chunk);
      },
    },
    traffic$,
  };
}

/** The parts of an emulator status snapshot the dashboard reads (`EmulatorStatus`). */
export interface EmulatorStatusLike extends DashboardStatus {
  readonly currentMa: number;
  readonly voltageMv: number;
  readonly sessionWs: number;
  /** Tenths of °C per sensor; −2560 = absent (RAPI.md §4.9). */
  readonly temperatures: readonly number[];
}

/** Options of {@link emulatorStation}. */
export interface EmulatorStationOptions {
  /** Meter sample period in ms. @default 1000 */
  readonly meterIntervalMs?: number;
}

/**
 * The `station` source from an emulator's control (`emulator.control`): its `status$` drives
 * the diagram, and its snapshot is sampled for the plots.
 */
export function emulatorStation(
  control: { readonly status$: Observable<EmulatorStatusLike>; status(): EmulatorStatusLike },
  options: EmulatorStationOptions = {},
): { status$: Observable<DashboardStatus>; meter$: Observable<DashboardMeter> } {
  const period = options.meterIntervalMs ?? 1000;
  if (!Number.isFinite(period) || period < 50) {
    throw new TypeError(`meterIntervalMs: expected a number >= 50, got ${String(period)}`);
  }
  return {
    status$: control.status$,
    meter$: timer(0, period).pipe(map(() => meterOf(control.status()))),
  };
}

/** A meter reading from a status snapshot: the hottest fitted sensor, energy in Wh. */
export function meterOf(s: EmulatorStatusLike): DashboardMeter {
  const fitted = s.temperatures.filter((t) => t !== -2560);
  return {
    at: Date.now(),
    currentMa: s.currentMa,
    voltageMv: s.voltageMv,
    sessionWs: s.sessionWs,
    sessionWh: Math.floor(s.sessionWs / 3600),
    temperatureC: fitted.length ? Math.max(...fitted) / 10 : null,
  };
}
