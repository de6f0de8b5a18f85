/**
 * The mutable state of one emulated controller. Plain data plus a few hooks; every module in
 * `firmware/` works on it. Nothing here does I/O, so 10,000 instances stay cheap.
 */

import type { EvseEvent, FaultKind } from '@evse/core';
import type { EmulatorClock, EvSettings } from '../types.js';
import type { FaultCauses } from './causes.js';
import type { Build } from './constants.js';
import type { Eeprom } from './eeprom.js';

/** Where a piece of output comes from (the wire-fault layer treats replies specially). */
export type OutputKind = 'reply' | 'async' | 'echo' | 'noise';

/** Raw pilot level as the EV presents it (RAPI.md §4.2). */
export type PilotLevel = 'A' | 'B' | 'C' | 'D';

/** The EV on the end of the cable. */
export interface EvModel extends Required<EvSettings> {
  plugged: boolean;
  /** The driver/EV wants energy; it draws only while the pilot is PWM and the battery not full. */
  wantsCharge: boolean;
}

/** What the machine adapter exposes (see `brain.ts`). */
export interface Brain {
  send(event: EvseEvent): void;
  /** Top-level state id, e.g. `charging`. */
  stateName(): string;
  /** RAPI EVSE state code of the machine's state. */
  code(): number;
  pilotState(): number;
  vflags(): number;
  fault(): FaultKind | null;
  hardFault(): boolean;
  authLocked(): boolean;
  evConnected(): boolean;
  stop(): void;
}

/** One controller. */
export interface Fw {
  readonly build: Build;
  readonly clock: EmulatorClock;
  eeprom: Eeprom;
  /** Send bytes out of the UART. */
  emit(text: string, kind: OutputKind): void;
  /** The EEPROM changed (the host persists it). */
  saveEeprom(): void;
  brain: Brain;
  /** Boot phase: `off` before the UART starts, `post` during POST, then `running`. */
  phase: 'off' | 'post' | 'running';
  /** Loop and RAPI stall until this clock time (POST, `$FR`, over-temperature wait). */
  busyUntil: number;
  /** The machine has been re-enabled but the loop has not re-derived the state yet (00). */
  holdStarting: boolean;
  /** First loop pass after POST still has to send POST_OK. */
  needPostOk: boolean;
  /** Pilot field shown instead of the machine's (GFCI: old value for ~250 ms, §3.2). */
  pilotOverride: { value: number; until: number } | null;
  capacity: number;
  level: 1 | 2;
  voltageMv: number;
  echo: boolean;
  /** vflag bits the firmware keeps outside the machine (timer, limits, Mennekes, auto level). */
  extraFlags: number;
  timeLimit: number;
  chargeLimit: number;
  relayClosed: boolean;
  relayClosedAt: number;
  relayOpenedAt: number;
  pilotMode: 'steady' | 'pwm' | 'off';
  /** `$FS` while charging: the relay opens when the EV reacts or at this time (§4.4). */
  sleepRelayDeadline: number | null;
  sessionWs: number;
  elapsedMs: number;
  energyClock: number | null;
  currentMa: number;
  hbTrigger: number;
  hbLastPulse: number;
  overTempLevel: 0 | 1 | 2;
  /** RTC: naive time (as UTC ms) at clock time `rtcAt`; `null` = no RTC chip. */
  rtcBase: number | null;
  rtcAt: number;
  temps: [number, number, number];
  heatC: number;
  ambientC: number;
  mennekesLocked: boolean;
  timerOverride: boolean;
  lastAt: { code: number; pilot: number; cap: number; flags: number } | null;
  inCommand: boolean;
  ev: EvModel;
  /** Debounced pilot level the machine knows about, and a pending change. */
  level0: PilotLevel;
  pending: { level: PilotLevel; since: number } | null;
  /** Injected fault causes (`control.injectFault`). */
  causes: FaultCauses;
  /** Fault waiting to be sent to the machine after the current transition. */
  deferredFaults: { kind: FaultKind; hard?: boolean }[];
  overCurrentSince: number | null;
  lastPass: number;
  lastSecond: number;
  stuckSince: number | null;
  startedAt: number;
  debugNoise: boolean;
  /** `$GI` text: 6 id characters + 8 hex digits. */
  mcuId: string;
  /** Over-temperature panic waiting for its 5 s busy wait to end. */
  pendingPanic: boolean;
}
