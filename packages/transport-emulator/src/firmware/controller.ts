/**
 * One emulated controller: boot sequence (RAPI.md §4.1), UART input, command dispatch,
 * control-loop scheduling and the physical-world hooks the control API drives. A class whose
 * instance IS the firmware state (`Fw`): one object per controller with shared prototype
 * methods, not a state object plus a closure per function (10,000 of them share a process).
 */

import { formatReply, parseCommand } from '../frame.js';
import { type FrameSink, Receiver } from '../receiver.js';
import type { EmulatorClock, EvSettings } from '../types.js';
import { resetVolatileState, runPost } from './boot.js';
import { createBrain } from './brain.js';
import { sendState } from './capacity.js';
import { FaultCauses } from './causes.js';
import { type CommandHost, execute } from './commands.js';
import type { Build } from './constants.js';
import type { Eeprom } from './eeprom.js';
import { relayNoise } from './hooks.js';
import { dispatch, loopIsBusy, loopPass } from './loop.js';
import type { Brain, EvModel, Fw, OutputKind, PilotLevel } from './state.js';
import { timerEnabled } from './timer.js';

/** Loop period while something is happening (debounce, relay closed). */
export const ACTIVE_LOOP_MS = 100;
/** Loop period when idle: coarse, so thousands of idle instances stay cheap. */
export const IDLE_LOOP_MS = 1000;
/** The UART receive ring of the ATmega: bytes beyond it are lost while the MCU is busy. */
const UART_BUFFER = 64;

/** What the controller needs from the emulator around it. */
export interface ControllerHost {
  /** Bytes leave the UART. */
  output(text: string, kind: OutputKind): void;
  /** The EEPROM changed. */
  persist(eeprom: Eeprom): void;
  /** Answer this completed frame with `$NK^21` instead of executing it (wire fault). */
  shouldNk(): boolean;
  /** Something observable changed (for `status$`). */
  changed(): void;
}

/** What the controller is built from. */
export interface ControllerOptions {
  build: Build;
  clock: EmulatorClock;
  eeprom: Eeprom;
  host: ControllerHost;
  bootDelayMs: number;
  postMs: number;
  /** Loop period while only the closed relay keeps the loop busy. */
  chargingLoopMs: number;
  rtc: Date | null;
  ambientC: number;
  ev: Required<EvSettings>;
  mcuId: string;
  debugNoise: boolean;
}

/** The controller the emulator wraps; it powers up when created. */
export class Controller implements Fw, FrameSink, CommandHost {
  readonly build: Build;
  readonly clock: EmulatorClock;
  eeprom: Eeprom;
  brain: Brain = null as unknown as Brain;
  phase: Fw['phase'] = 'off';
  busyUntil = 0;
  holdStarting = false;
  needPostOk = false;
  pilotOverride: Fw['pilotOverride'] = null;
  capacity = 0;
  level: 1 | 2 = 2;
  voltageMv: number;
  echo = false;
  extraFlags = 0;
  timeLimit = 0;
  chargeLimit = 0;
  relayClosed = false;
  relayClosedAt = 0;
  relayOpenedAt = 0;
  pilotMode: Fw['pilotMode'] = 'steady';
  sleepRelayDeadline: number | null = null;
  sessionWs = 0;
  elapsedMs = 0;
  energyClock: number | null = null;
  currentMa = 0;
  hbTrigger = 0;
  hbLastPulse = 0;
  overTempLevel: 0 | 1 | 2 = 0;
  rtcBase: number | null;
  rtcAt: number;
  temps: [number, number, number] = [-2560, -2560, -2560];
  heatC = 0;
  ambientC: number;
  mennekesLocked = false;
  timerOverride = false;
  lastAt: Fw['lastAt'] = null;
  inCommand = false;
  ev: EvModel;
  level0: PilotLevel = 'A';
  pending: Fw['pending'] = null;
  causes = new FaultCauses();
  deferredFaults: Fw['deferredFaults'] = [];
  overCurrentSince: number | null = null;
  lastPass: number;
  lastSecond: number;
  stuckSince: number | null = null;
  startedAt: number;
  debugNoise: boolean;
  pendingPanic = false;
  mcuId: string;

  private readonly host: ControllerHost;
  private readonly receiver = new Receiver();
  private readonly bootDelayMs: number;
  private readonly postMs: number;
  private readonly chargingLoopMs: number;
  /** The boot, POST or watchdog-reset timer (only one is ever pending). */
  private stageTimer: unknown = null;
  private loopTimer: unknown = null;
  private loopDue = Number.POSITIVE_INFINITY;
  /** `runLoop` bound once, handed to the clock on every reschedule. */
  private loopFn: (() => void) | null = null;
  private queued = '';
  private rebooting = false;
  private closed = false;
  private echoBuf = '';

  constructor(o: ControllerOptions) {
    const now = o.clock.now();
    this.build = o.build;
    this.clock = o.clock;
    this.eeprom = o.eeprom;
    this.host = o.host;
    this.voltageMv = o.build.l2Mv;
    this.rtcBase = o.rtc ? o.rtc.getTime() : null;
    this.rtcAt = now;
    this.ambientC = o.ambientC;
    this.ev = { ...o.ev, plugged: false, wantsCharge: false };
    this.lastPass = now;
    this.lastSecond = now;
    this.startedAt = now;
    this.debugNoise = o.debugNoise;
    this.mcuId = o.mcuId;
    this.bootDelayMs = o.bootDelayMs;
    this.postMs = o.postMs;
    this.chargingLoopMs = o.chargingLoopMs;
    this.powerOn();
  }

  /** The firmware state (the controller itself). */
  get fw(): Fw {
    return this;
  }

  emit(text: string, kind: OutputKind): void {
    this.flushEcho();
    this.host.output(text, kind);
  }

  saveEeprom(): void {
    this.host.persist(this.eeprom);
  }

  private flushEcho(): void {
    if (this.echoBuf) {
      const text = this.echoBuf;
      this.echoBuf = '';
      this.host.output(text, 'echo');
    }
  }

  private scheduleLoop(delay: number): void {
    if (this.closed) return;
    const clock = this.clock;
    const due = clock.now() + delay;
    if (this.loopTimer !== null) {
      if (this.loopDue <= due) return;
      clock.clearTimeout(this.loopTimer);
    }
    this.loopDue = due;
    if (this.loopFn === null) this.loopFn = this.runLoop.bind(this);
    this.loopTimer = clock.setTimeout(this.loopFn, delay);
  }

  private runLoop(): void {
    this.loopTimer = null;
    this.loopDue = Number.POSITIVE_INFINITY;
    if (this.closed) return;
    loopPass(this);
    const now = this.clock.now();
    if (this.busyUntil > now) this.scheduleLoop(this.busyUntil - now);
    else {
      this.drainQueue();
      this.scheduleLoop(
        loopIsBusy(this)
          ? loopIsBusy(this, true)
            ? ACTIVE_LOOP_MS
            : this.chargingLoopMs
          : IDLE_LOOP_MS,
      );
    }
    this.host.changed();
  }

  private drainQueue(): void {
    if (!this.queued) return;
    const q = this.queued;
    this.queued = '';
    this.receive(q);
  }

  /** A complete frame arrived (FrameSink). */
  frame(frame: string): void {
    const nl = this.echo ? '\n' : '';
    const dialect = this.build.firmware.dialect;
    const cmd = this.host.shouldNk() ? null : parseCommand(frame, dialect.sequenceIds);
    if (!cmd) {
      this.emit(formatReply(false, null, 0, dialect) + nl, 'reply');
      return;
    }
    this.inCommand = true;
    const reply = execute(this, cmd.code, cmd.params, this);
    this.inCommand = false;
    // Before 7.1.1 `$FD`/`$FS` sent the state report at once, ahead of the reply
    // (v5.0.1 J1772EvseController.cpp Disable()/Sleep()); later versions hold it (below).
    if (!this.build.firmware.atDeferredToReply) sendState(this);
    if (reply === null) return;
    if (reply.pre) this.emit(reply.pre, 'noise');
    this.emit(
      formatReply(reply.ok, reply.data ?? null, cmd.seq, dialect) + (this.echo ? '\n' : ''),
      'reply',
    );
    // State reports are held while a command runs and flushed right after its reply (§1.10).
    sendState(this);
    this.scheduleLoop(ACTIVE_LOOP_MS);
    this.host.changed();
  }

  /** A byte arrived (FrameSink): echoed at once when echo is on (§1.9). */
  byte(byte: string): void {
    if (this.echo) this.echoBuf += byte;
  }

  /** Bytes arrive at the UART. */
  receive(chunk: string): void {
    if (this.closed || this.rebooting || this.phase === 'off') return;
    if (this.phase !== 'running' || this.clock.now() < this.busyUntil) {
      this.queued = (this.queued + chunk).slice(0, UART_BUFFER);
      return;
    }
    this.receiver.feed(chunk, this);
    this.flushEcho();
  }

  /** Physical-world change: run a loop pass soon. */
  kick(): void {
    this.scheduleLoop(0);
  }

  /** Front-button short press (`$F1`, RAPI.md §4.13). */
  shortPress(): void {
    const s = this.brain.stateName();
    if (s === 'fault') return;
    if (timerEnabled(this)) this.timerOverride = !this.timerOverride;
    if (s === 'sleeping' || s === 'disabled') {
      dispatch(this, { type: 'ENABLE' });
      this.holdStarting = true;
    } else {
      dispatch(this, { type: 'SLEEP', reason: 'user' });
    }
    this.scheduleLoop(ACTIVE_LOOP_MS);
  }

  /** The physical button (control API): a short press, then the state report. */
  pressShort(): void {
    this.shortPress();
    sendState(this);
  }

  private powerOn(): void {
    this.rebooting = false;
    resetVolatileState(this);
    this.receiver.reset();
    this.queued = '';
    this.echoBuf = '';
    this.brain = createBrain(this);
    this.stageTimer = this.clock.setTimeout(() => this.startPost(), this.bootDelayMs);
  }

  private startPost(): void {
    this.stageTimer = null;
    this.phase = 'post';
    if (this.debugNoise) this.emit(relayNoise(this), 'noise');
    // Forced state report before POST (§1.10, §4.1 step 3).
    sendState(this, true);
    this.stageTimer = this.clock.setTimeout(() => this.endPost(), this.postMs);
    this.host.changed();
  }

  private endPost(): void {
    this.stageTimer = null;
    runPost(this);
    this.drainQueue();
    // The first loop pass derives A/B/C (§4.1 step 7), a moment after `$AB`.
    this.scheduleLoop(ACTIVE_LOOP_MS);
    this.host.changed();
  }

  private clearTimers(): void {
    if (this.stageTimer !== null) this.clock.clearTimeout(this.stageTimer);
    this.stageTimer = null;
    if (this.loopTimer !== null) this.clock.clearTimeout(this.loopTimer);
    this.loopTimer = null;
    this.loopDue = Number.POSITIVE_INFINITY;
  }

  /** Power-cycle: everything but the EEPROM is lost. */
  powerCycle(): void {
    this.clearTimers();
    this.brain.stop();
    this.powerOn();
    this.host.changed();
  }

  /** `$FR`: pilot +12 V, wait 3 s for the EV if charging, then a 1 s watchdog reset (§2.1). */
  reboot(): void {
    this.pilotMode = 'steady';
    this.rebooting = true;
    const wait = (this.relayClosed ? 3000 : 0) + 1000;
    // The MCU spins until the watchdog fires: no loop passes, no RAPI.
    this.busyUntil = this.clock.now() + wait + 1;
    if (this.stageTimer !== null) this.clock.clearTimeout(this.stageTimer);
    this.stageTimer = this.clock.setTimeout(() => this.powerCycle(), wait);
  }

  /** Stop every timer; the controller stays silent from now on. */
  close(): void {
    this.closed = true;
    this.clearTimers();
    this.brain.stop();
  }
}
