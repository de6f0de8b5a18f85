/**
 * One emulated controller: boot sequence (RAPI.md §4.1), UART input, command dispatch,
 * control-loop scheduling and the physical-world hooks the control API drives.
 */

import type { EvseEvent, FaultKind } from '@evse/core';
import { formatAsync, formatReply, parseFrame } from '../frame.js';
import { createReceiver } from '../receiver.js';
import type { EmulatorClock, EvSettings } from '../types.js';
import { createBrain } from './brain.js';
import { applyLevel, sendState, stateCode } from './capacity.js';
import { type CommandHost, execute } from './commands.js';
import { type Build, GE, VF } from './constants.js';
import type { Eeprom } from './eeprom.js';
import { dispatch, loopIsBusy, loopPass } from './loop.js';
import { readTemperatures } from './physics.js';
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

const COUNTER_INDEX: Partial<Record<FaultKind, number>> = { gfci: 0, noGround: 1, stuckRelay: 2 };

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

  const relayNoise = () =>
    `\r\nrelayCloseMs: ${fw.eeprom.relayCloseMs}\r\nrelayHoldPwm: ${fw.eeprom.relayHoldPwm}\r\n`;

  const hooks = {
    openRelay(event: EvseEvent) {
      const now = clock.now();
      if (event.type === 'SLEEP' && fw.relayClosed) {
        // `$FS` pilots +12 V and waits for the EV before opening (§4.4).
        fw.sleepRelayDeadline ??= now + 3000;
        return;
      }
      if (fw.relayClosed) fw.relayOpenedAt = now;
      fw.relayClosed = false;
      fw.sleepRelayDeadline = null;
      fw.currentMa = 0;
    },
    closeRelay() {
      // GFI self-test before every relay close (§4.2), CGMI relay-closure check (§3.1).
      if (fw.causes.has('gfiSelfTest') && !(fw.eeprom.flags & GE.GFI_TEST_OFF)) {
        fw.deferredFaults.push({ kind: 'gfiSelfTest' });
        return;
      }
      if (fw.causes.has('relayClosure')) {
        fw.deferredFaults.push({ kind: 'relayClosure' });
        return;
      }
      if (!fw.relayClosed) {
        fw.relayClosed = true;
        fw.relayClosedAt = clock.now();
        fw.energyClock = null;
        fw.stuckSince = null;
        if (fw.debugNoise) fw.emit(relayNoise(), 'noise');
      }
      if (fw.extraFlags & VF.AUTOSVCLVL_SKIPPED) {
        // Level detection postponed at POST runs on the first charge (§3.4 0x0001).
        fw.extraFlags &= ~VF.AUTOSVCLVL_SKIPPED;
        if (fw.level !== 2) applyLevel(fw, 2);
      }
    },
    pilot(mode: 'steady' | 'pwm' | 'off') {
      fw.pilotMode = mode;
    },
    countFault(kind: FaultKind, first: boolean) {
      const i = COUNTER_INDEX[kind];
      if (i === undefined || !first) return;
      const c = fw.eeprom.faultCounters;
      // 8.2.3 stops at 254 (0xFE), not 0xFF as its comment says (§3.5, §7.5).
      c[i] = Math.min(254, (c[i] ?? 0) + 1);
      fw.saveEeprom();
    },
    sessionStart() {
      fw.sessionWs = 0;
      fw.elapsedMs = 0;
      fw.energyClock = null;
    },
    sessionEnd() {
      fw.eeprom.lifetimeWh += Math.floor(fw.sessionWs / 3600);
      fw.saveEeprom();
    },
  };

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
      scheduleLoop(loopIsBusy(fw) ? ACTIVE_LOOP_MS : IDLE_LOOP_MS);
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
    fw.phase = 'off';
    fw.busyUntil = 0;
    fw.holdStarting = false;
    fw.needPostOk = false;
    fw.pilotOverride = null;
    fw.capacity = 0;
    fw.echo = false;
    fw.extraFlags = 0;
    fw.timeLimit = 0;
    fw.chargeLimit = 0;
    fw.relayClosed = false;
    fw.pilotMode = 'steady';
    fw.sleepRelayDeadline = null;
    fw.sessionWs = 0;
    fw.elapsedMs = 0;
    fw.energyClock = null;
    fw.currentMa = 0;
    fw.hbTrigger = 0;
    fw.overTempLevel = 0;
    fw.temps = [-2560, -2560, -2560];
    fw.mennekesLocked = false;
    fw.timerOverride = false;
    fw.lastAt = null;
    fw.level0 = 'A';
    fw.pending = null;
    fw.deferredFaults = [];
    fw.overCurrentSince = null;
    fw.stuckSince = null;
    fw.pendingPanic = false;
    fw.startedAt = clock.now();
    receiver.reset();
    queued = '';
    echoBuf = '';
  }

  function post(): void {
    const f = fw.eeprom.flags;
    // POST (§4.1 step 4–5): relays exercised, ground and GFI self-test.
    const failed: FaultKind | null =
      fw.causes.has('noGround') && !(f & GE.GROUND_OFF)
        ? 'noGround'
        : fw.causes.has('stuckRelay') && !(f & GE.STUCK_OFF)
          ? 'stuckRelay'
          : fw.causes.has('gfiSelfTest') && !(f & GE.GFI_TEST_OFF)
            ? 'gfiSelfTest'
            : null;
    fw.phase = 'running';
    const now = clock.now();
    fw.lastPass = now;
    fw.lastSecond = now;
    fw.hbLastPulse = now;
    if (failed) {
      dispatch(fw, { type: 'POST_FAILED', kind: failed });
      fw.emit(
        formatAsync(`$AB ${stateCode(fw).toString(16).padStart(2, '0')} ${fw.build.version}`),
        'async',
      );
      sendState(fw, true);
      return;
    }
    let level: 1 | 2 = f & GE.L2 ? 2 : 1;
    if (fw.build.autoLevel && !(f & GE.AUTOSVC_OFF)) {
      // Auto-detect: L2 supply; with an EV plugged in, fall back to L1 and probe later.
      if (fw.ev.plugged) {
        level = 1;
        fw.extraFlags |= VF.AUTOSVCLVL_SKIPPED;
      } else level = 2;
    }
    applyLevel(fw, level);
    if (timerEnabled(fw)) fw.extraFlags |= VF.TIMER_ON;
    fw.emit(formatAsync(`$AB 00 ${fw.build.version}`), 'async');
    readTemperatures(fw);
    fw.needPostOk = true;
  }

  function powerOn(): void {
    rebooting = false;
    resetVolatile();
    fw.brain = createBrain(fw, hooks);
    later(o.bootDelayMs, () => {
      fw.phase = 'post';
      if (fw.debugNoise) fw.emit(relayNoise(), 'noise');
      // Forced state report before POST (§1.10, §4.1 step 3).
      sendState(fw, true);
      later(o.postMs, () => {
        post();
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
