import type { Observable, SchedulerLike } from 'rxjs';
import type { Actor } from 'xstate';
import type { EvseTopState } from '../evse/codes-map.js';
import type { FaultKind } from '../evse/faults.js';
import type { EvseMachine } from '../evse/machine.js';
import type { RapiClient, RapiClientOptions } from '../rapi/client.js';
import type { CurrentMode } from '../rapi/client-helpers.js';
import type { RapiError } from '../rapi/errors.js';
import type { StationCapabilities } from './capabilities.js';

/** The station as mirrored by the host (contracts §3). */
export interface StationStatus {
  /** Top-level statechart state. */
  readonly state: EvseTopState;
  /** The fault kind while `state` is `fault`, else `null`. */
  readonly fault: FaultKind | null;
  /** RAPI EVSE state code (RAPI.md §3.1). */
  readonly evseState: number;
  /**
   * Pilot state code (RAPI.md §3.2); `null` when the controller does not report it (RAPI < 5,
   * docs/protocol/FIELD-FIRMWARE.md §2).
   */
  readonly pilotState: number | null;
  /** Volatile flags (RAPI.md §3.4); `null` when the controller does not report them (RAPI < 5). */
  readonly vflags: number | null;
  /**
   * EV present: vflag 0x0100 (RAPI ≥ 5). On RAPI < 5 what the state implies (A no, B/C yes),
   * while sleeping the last `$G0` answer; `null` when unknown (faults, disabled, and sleeping
   * without `$G0`: see `capabilities.plugDetectionWhileAsleep`).
   */
  readonly evConnected: boolean | null;
  /** Auth lock active (vflag 0x0008); `null` when the controller does not report vflags (RAPI < 5). */
  readonly authLocked: boolean | null;
  /** Pilot current capacity in amps (from `$AT`, or `$GE` at start and on resync). */
  readonly currentCapacity: number;
}

/** A status change seen by the mirror. */
export interface StationTransition {
  readonly from: StationStatus;
  readonly to: StationStatus;
  readonly at: Date;
}

/** One meter reading, from `$GG`, `$GU` and `$GP` (RAPI.md §2.3, §4.7–§4.9). */
export interface MeterReading {
  readonly at: Date;
  /** Session energy in watt-seconds (`$GU` field 1). */
  readonly sessionWs: number;
  /** Session energy in whole watt-hours (⌊Ws / 3600⌋, as the firmware adds it at unplug). */
  readonly sessionWh: number;
  /** Lifetime energy in watt-hours (`$GU` field 2; updated at unplug). */
  readonly lifetimeWh: number;
  /** Charging current in mA (0 with the relay open; −1 on builds without an ammeter). */
  readonly currentMa: number;
  /** Voltage in mV used for energy maths (not measured on 8.2.3 hardware, §4.8). */
  readonly voltageMv: number;
  /** currentMa × voltageMv, in whole watts (0 when the current is unknown). */
  readonly powerW: number;
  /** The hottest fitted sensor in °C, or `null` when none reports (−2560 = absent, §4.9). */
  readonly temperatureC: number | null;
}

/** Identity of the station (`$GV`, `$GI`). */
export interface StationInfo {
  readonly firmwareVersion: string;
  readonly protocolVersion: string;
  /** MCU serial from `$GI`, or `null` when the firmware has no `$GI` (before 7.1.5). */
  readonly serial: string | null;
}

/** Options of `createStation`. */
export interface StationOptions {
  /**
   * Poll period of `meter$` in ms.
   * @default 5000
   */
  readonly meterIntervalMs?: number;
  /**
   * Re-read `$GS` every this many ms to catch a missed `$AT` (the ESP32 does it every 30 s,
   * RAPI.md §2.3); 0 turns it off.
   * @default 30000
   */
  readonly resyncIntervalMs?: number;
  /**
   * Poll period while the EVSE sleeps, on controllers that send nothing on plug or unplug then:
   * `$GS` on RAPI 5.0.x, `$G0` on RAPI < 5 (docs/protocol/FIELD-FIRMWARE.md §2); 0 turns it
   * off (then `capabilities.plugDetectionWhileAsleep` is `'none'` there). Costs nothing on
   * RAPI ≥ 5.1.0, which sends `$AT`.
   * @default 1000
   */
  readonly sleepPollMs?: number;
  /**
   * Try the getters `$G0`, `$G4`, `$GD` at open (see `Station.probeFeatures`).
   * @default false
   */
  readonly probeFeatures?: boolean;
  /**
   * Clock for polling, resync and timestamps (rxjs).
   * @default asyncScheduler
   */
  readonly scheduler?: SchedulerLike;
  /**
   * Options of the underlying RAPI client.
   * @default {}
   */
  readonly client?: RapiClientOptions;
}

/** A charging station seen through RAPI: live status, meter, info and commands (contracts §3). */
export interface Station {
  /**
   * Current status first, then every distinct change. Completes on `close()`, which also
   * happens by itself when the transport ends.
   */
  readonly status$: Observable<StationStatus>;
  /** The status now. */
  getStatus(): StationStatus;
  /** Every status change with its time. */
  readonly transitions$: Observable<StationTransition>;
  /** A meter reading every `meterIntervalMs` while subscribed (first one at once). */
  readonly meter$: Observable<MeterReading>;
  /** Failures of background work (polls, resyncs, malformed `$AT`); the streams go on. */
  readonly errors$: Observable<RapiError>;
  /** Read `$GG`, `$GU`, `$GP` now. */
  readMeter(): Promise<MeterReading>;
  /** `$GV` (read at start, again after the device rebooted) and `$GI` (read now). */
  info(): Promise<StationInfo>;
  /** `$FE` (acts only when sleeping or disabled, RAPI.md §4.4), then a resync. */
  enable(): Promise<void>;
  /** `$FD`, then a resync. */
  disable(): Promise<void>;
  /** `$FS`, then a resync. */
  sleep(): Promise<void>;
  /**
   * `$SC amps V` by default (live pilot, not saved, as the ESP32 does); resolves with the
   * capacity the device settled on.
   */
  setCurrent(amps: number, mode?: CurrentMode): Promise<number>;
  /** `$S4 1|0` (AUTH_LOCK builds; others reject with `NK`). */
  setAuthLock(locked: boolean): Promise<void>;
  /** `$FR`: the device reboots; its `$AB` then triggers a resync. */
  reset(): Promise<void>;
  /** Re-read `$GS` and `$GE` and jump the mirror to what they report. */
  resync(): Promise<StationStatus>;
  /**
   * The xstate mirror actor (input `{ mirror: true }`), e.g. for a visualiser. Made on first
   * access, already in the state the device reported; from then on the status follows it.
   */
  readonly actor: Actor<EvseMachine>;
  /** The RAPI client underneath. */
  readonly client: RapiClient;
  /** What the controller can do: dialect and plug detection from `$GV`, getters tried so far. */
  readonly capabilities: StationCapabilities;
  /**
   * Try the harmless getters `$G0`, `$G4` (AUTH_LOCK build), `$GD` (delay timer) once and
   * resolve with the widened `capabilities` (the same promise on later calls).
   */
  probeFeatures(): Promise<StationCapabilities>;
  /** Stop polling, complete the streams, close the client (and its transport). Idempotent. */
  close(): Promise<void>;
}
