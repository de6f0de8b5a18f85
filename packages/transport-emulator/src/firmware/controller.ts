/**
 * One emulated controller: boot sequence (RAPI.md §4.1), UART input, command dispatch,
 * control-loop scheduling and the physical-world hooks the control API drives.
 */

import type { FaultKind } from '@evse/core';
import { formatReply, parseFrame } from '../frame.js';
import { createReceiver } from '../receiver.js';
import type { EmulatorClock, EvSettings } from '../types.js';
import { resetVolatileState, runPost } from './boot.js';
import { createBrain } from './brain.js';
import { sendState } from './capacity.js';
import { type CommandHost, execute } from './commands.js';
import type { Build } from './constants.js';
import type { Eeprom } from './eeprom.js';
import { createHooks, relayNoise } from './hooks.js';
import { dispatch, loopIsBusy, loopPass } from './loop.js';
import type { Fw, OutputKind } from './state.js';
import { timerEnabled } from './timer.js';

/** Loop period while something is happening (debounce, relay closed). */
export const ACTIVE_LOOP_MS = 100;
/** Loop period when idle: coarse, so thousands of idle instances stay cheap. */
export const IDLE_LOOP_MS = 1000;
/** The UART receive ring of the ATmega: bytes beyond it are lost while the MCU is busy. */
const UART_BUFFER = 64;

/** What the controller needs from its host. */
export interface ControllerOptions {
  build: Build;
  clock: EmulatorClock;
  eeprom: Eeprom;
  saveEeprom(eeprom: Eeprom): void;
  emit(text: string, kind: OutputKind): void;
  /** Answer this completed frame with `$NK^21` instead of executing it (wire fault). */
  shouldNk(): boolean;
  bootDelayMs: number;
  postMs: number;
  /** Loop period while only the closed relay keeps the loop busy. */
  chargingLoopMs: number;
  rtc: Date | null;
  ambientC: number;
  ev: Required<EvSettings>;
  mcuId: string;
  debugNoise: boolean;
  /** Something observable changed (for `status$`). */
  changed(): void;
}

/** The controller the emulator wraps. */
export interface Controller {
  readonly fw: Fw;
  receive(chunk: string): void;
  /** Physical-world change: run a loop pass soon. */
  kick(): void;
  shortPress(): void;
  powerCycle(): void;
  close(): void;
}

const _COUNTER_INDEX: Partial<Record<FaultKind, number>> = { gfci: 0, noGround: 1, stuckRelay: 2 };

/** Create and power up a controller. */
export function createController(o: ControllerOptions): Controller {
  const clock = o.clock;
  const receiver = createReceiver();
  const timers = new Set<unknown>();
  let loopTimer: unknown = null;
  let loopDue = Number.POSITIVE_INFINITY;
  let queued = '';
  let rebooting = false;
  let closed = false;
  let echoBuf = '';

  const later = (ms: number, fn: () => void): void => {
    const h = clock.setTimeout(() => {
      timers.delete(h);
      fn();
    }, ms);
    timers.add(h);
  };

  const fw: Fw = {
    build: o.build,
    clock,
    eeprom: o.eeprom,
    emit: (text, kind) => {
      flushEcho();
      o.emit(text, kind);
    },
    saveEeprom: () => o.saveEeprom(fw.eeprom),
    brain: null as unknown as Fw['brain'],
    phase: 'off',
    busyUntil: 0,
    holdStarting: false,
    needPostOk: false,
    pilotOverride: null,
    capacity: 0,
    level: 2,
    voltageMv: o.build.l2Mv,
    echo: false,
    extraFlags: 0,
    timeLimit: 0,
    chargeLimit: 0,
    relayClosed: false,
    relayClosedAt: 0,
    relayOpenedAt: 0,
    pilotMode: 'steady',
    sleepRelayDeadline: null,
    sessionWs: 0,
    elapsedMs: 0,
    energyClock: null,
    currentMa: 0,
    hbTrigger: 0,
    hbLastPulse: 0,
    overTempLevel: 0,
    rtcBase: o.rtc ? o.rtc.getTime() : null,
    rtcAt: clock.now(),
    temps: [-2560, -2560, -2560],
    heatC: 0,
    ambientC: o.ambientC,
    mennekesLocked: false,
    timerOverride: false,
    lastAt: null,
    inCommand: false,
    ev: { ...o.ev, plugged: false, wantsCharge: false },
    level0: 'A',
    pending: null,
    causes: new Set(),
    deferredFaults: [],
    overCurrentSince: null,
    lastPass: clock.now(),
    lastSecond: clock.now(),
    stuckSince: null,
    startedAt: clock.now(),
    debugNoise: o.debugNoise,
    pendingPanic: false,
    mcuId: o.mcuId,
  };

  function flushEcho(): void {
    if (echoBuf) {
      const text = echoBuf;
      echoBuf = '';
      o.emit(text, 'echo');
    }
  }

  const hooks = createHooks(fw);

  const host: CommandHost = {
    reboot: () => reboot(),
    shortPress: () => shortPress(),
  };

  function scheduleLoop(delay: number): void {
    if (closed) return;
    const due = clock.now() + delay;
    if (loopTimer !== null && loopDue <= due) return;
    if (loopTimer !== null) clock.clearTimeout(loopTimer);
    loopDue = due;
    loopTimer = clock.setTimeout(runLoop, delay);
  }

  function runLoop(): void {
    loopTimer = null;
    loopDue = Number.POSITIVE_INFINITY;
    if (closed) return;
    loopPass(fw);
    const now = clock.now();
    if (fw.busyUntil > now) scheduleLoop(fw.busyUntil - now);
    else {
      drainQueue();
      scheduleLoop(
        loopIsBusy(fw) ? (loopIsBusy(fw, true) ? ACTIVE_LOOP_MS : o.chargingLoopMs) : IDLE_LOOP_MS,
      );
    }
    o.changed();
  }

  function drainQueue(): void {
    if (!queued) return;
    const q = queued;
    queued = '';
    receive(q);
  }

  function handleFrame(frame: string): void {
    if (o.shouldNk()) {
      fw.emit(formatReply(false, null, 0) + (fw.echo ? '\n' : ''), 'reply');
      return;
    }
    const cmd = parseFrame(frame);
    if (!cmd) {
      fw.emit(formatReply(false, null, 0) + (fw.echo ? '\n' : ''), 'reply');
      return;
    }
    const [code = '', ...params] = cmd.tokens;
    fw.inCommand = true;
    const reply = execute(fw, code, params, host);
    fw.inCommand = false;
    if (reply === null) return;
    if (reply.pre) fw.emit(reply.pre, 'noise');
    fw.emit(formatReply(reply.ok, reply.data ?? null, cmd.seq) + (fw.echo ? '\n' : ''), 'reply');
    // State reports are held while a command runs and flushed right after its reply (§1.10).
    sendState(fw);
    scheduleLoop(ACTIVE_LOOP_MS);
    o.changed();
  }

  function receive(chunk: string): void {
    if (closed || rebooting || fw.phase === 'off') return;
    if (fw.phase !== 'running' || clock.now() < fw.busyUntil) {
      queued = (queued + chunk).slice(0, UART_BUFFER);
      return;
    }
    receiver.feed(chunk, handleFrame, (byte) => {
      if (fw.echo) echoBuf += byte;
    });
    flushEcho();
  }

  function shortPress(): void {
    const s = fw.brain.stateName();
    if (s === 'fault') return;
    if (timerEnabled(fw)) fw.timerOverride = !fw.timerOverride;
    if (s === 'sleeping' || s === 'disabled') {
      dispatch(fw, { type: 'ENABLE' });
      fw.holdStarting = true;
    } else {
      dispatch(fw, { type: 'SLEEP', reason: 'user' });
    }
    scheduleLoop(ACTIVE_LOOP_MS);
  }

  function resetVolatile(): void {
    resetVolatileState(fw);
    receiver.reset();
    queued = '';
    echoBuf = '';
  }

  function powerOn(): void {
    rebooting = false;
    resetVolatile();
    fw.brain = createBrain(fw, hooks);
    later(o.bootDelayMs, () => {
      fw.phase = 'post';
      if (fw.debugNoise) fw.emit(relayNoise(fw), 'noise');
      // Forced state report before POST (§1.10, §4.1 step 3).
      sendState(fw, true);
      later(o.postMs, () => {
        runPost(fw);
        drainQueue();
        // The first loop pass derives A/B/C (§4.1 step 7), a moment after `$AB`.
        scheduleLoop(ACTIVE_LOOP_MS);
        o.changed();
      });
      o.changed();
    });
  }

  function clearTimers(): void {
    for (const h of timers) clock.clearTimeout(h);
    timers.clear();
    if (loopTimer !== null) clock.clearTimeout(loopTimer);
    loopTimer = null;
    loopDue = Number.POSITIVE_INFINITY;
  }

  function powerCycle(): void {
    clearTimers();
    fw.brain.stop();
    powerOn();
    o.changed();
  }

  function reboot(): void {
    // `$FR`: pilot +12 V, wait 3 s for the EV if charging, then a 1 s watchdog reset (§2.1).
    fw.pilotMode = 'steady';
    rebooting = true;
    const wait = (fw.relayClosed ? 3000 : 0) + 1000;
    // The MCU spins until the watchdog fires: no loop passes, no RAPI.
    fw.busyUntil = clock.now() + wait + 1;
    later(wait, powerCycle);
  }

  powerOn();

  return {
    fw,
    receive,
    kick: () => scheduleLoop(0),
    shortPress() {
      shortPress();
      sendState(fw);
    },
    powerCycle,
    close() {
      closed = true;
      clearTimers();
      fw.brain.stop();
    },
  };
}
