import type { Observable, SchedulerLike } from 'rxjs';
import type { Actor } from 'xstate';
import type { EvseTopState } from '../evse/codes-map.js';
import type { FaultKind } from '../evse/faults.js';
import type { EvseMachine } from '../evse/machine.js';
import type { RapiClient, RapiClientOptions } from '../rapi/client.js';
import type { CurrentMode } from '../rapi/client-helpers.js';
import type { RapiError } from '../rapi/errors.js';

/** The station as mirrored by the host (contracts §3). */
export interface StationStatus {
  /** Top-level statechart state. */
  readonly state: EvseTopState;
  /** The fault kind while `state` is `fault`, else `null`. */
  readonly fault: FaultKind | null;
  /** RAPI EVSE state code (RAPI.md §3.1). */
  readonly evseState: number;
  /** Pilot state code (RAPI.md §3.2). */
  readonly pilotState: number;
  /** Volatile flags (RAPI.md §3.4). */
  readonly vflags: number;
  /** EV present (vflag 0x0100). */
  readonly evConnected: boolean;
  /** Auth lock active (vflag 0x0008). */
  readonly authLocked: boolean;
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
  /** Stop polling, complete the streams, close the client (and its transport). Idempotent. */
  close(): Promise<void>;
}
