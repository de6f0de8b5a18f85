/**
 * One pass of the firmware's control loop (RAPI.md §4.2–§4.12): pilot evaluation with
 * debounce, energy, limits, faults, heartbeat, temperatures, delay timer, then `$AT`.
 */

import type { FaultKind } from '@evse/core';
import { configuredMax, sendState, setCapacity } from './capacity.js';
import { GE, MIN_AMPS, VF } from './constants.js';
import {
  ambientTenths,
  energyStepWs,
  evPilotLevel,
  measuredMa,
  readTemperatures,
  stepPhysics,
  thermalMonitoring,
} from './physics.js';
import type { Fw, PilotLevel } from './state.js';
import { timerCheck } from './timer.js';

/** Send an event, then any fault an action deferred (GFI self-test before relay close). */
export function dispatch(fw: Fw, event: Parameters<Fw['brain']['send']>[0]): void {
  fw.brain.send(event);
  while (fw.deferredFaults.length > 0) {
    const f = fw.deferredFaults.shift();
    if (f) fw.brain.send({ type: 'FAULT', kind: f.kind, ...(f.hard ? { hard: true } : {}) });
  }
}

/** Detect a fault: GFCI/no-ground keep the old pilot field for ~250 ms (§3.2). */
export function raiseFault(fw: Fw, kind: FaultKind, hard = false): void {
  if (kind === 'gfci' || kind === 'noGround') {
    fw.pilotOverride = { value: fw.brain.pilotState(), until: fw.clock.now() + 250 };
  }
  dispatch(fw, { type: 'FAULT', kind, ...(hard ? { hard: true } : {}) });
}

const INACTIVE = new Set(['sleeping', 'disabled', 'fault']);

/** Tell the machine about a pilot level change from `from` to `to`. */
function applyLevel(fw: Fw, from: PilotLevel, to: PilotLevel): void {
  fw.level0 = to;
  if (to === 'A') {
    dispatch(fw, { type: 'EV_UNPLUG' });
    return;
  }
  if (from === 'A') dispatch(fw, { type: 'EV_PLUG' });
  const wantsC = to === 'C' || (to === 'D' && (fw.eeprom.flags & GE.VENT_REQ_DISABLED) !== 0);
  if (to === 'D' && !wantsC && !INACTIVE.has(fw.brain.stateName())) {
    raiseFault(fw, 'ventRequired');
    return;
  }
  if (wantsC && from !== 'C') dispatch(fw, { type: 'EV_REQUEST_CHARGE' });
  else if (!wantsC && (from === 'C' || from === 'D')) dispatch(fw, { type: 'EV_STOP_CHARGE' });
}

/** Pilot evaluation with the 250 ms / 25 ms debounce (§4.2); raw while inactive (§4.4). */
function evaluatePilot(fw: Fw, now: number): void {
  const raw = evPilotLevel(fw);
  if (raw === fw.level0) {
    fw.pending = null;
    return;
  }
  if (INACTIVE.has(fw.brain.stateName())) {
    // Sleeping, disabled or faulted: the loop does not debounce; plug changes apply at once
    // (and the `$AT` of this pass shows the previous 0x0400, §4.4).
    fw.pending = null;
    applyLevel(fw, fw.level0, raw);
    return;
  }
  if (!fw.pending || fw.pending.level !== raw) fw.pending = { level: raw, since: now };
  if (now - fw.pending.since >= (raw === 'A' ? 25 : 250)) {
    fw.pending = null;
    applyLevel(fw, fw.level0, raw);
  }
}

function relayChecks(fw: Fw, now: number): void {
  const flags = fw.eeprom.flags;
  if (fw.relayClosed) {
    if (fw.causes.has('gfci')) {
      raiseFault(fw, 'gfci', now - fw.relayClosedAt < 2000);
      return;
    }
    if (
      fw.causes.has('noGround') &&
      !(flags & GE.GND_CHK_DISABLED) &&
      now - fw.relayClosedAt > 1000
    ) {
      raiseFault(fw, 'noGround');
      return;
    }
    if (fw.causes.has('diodeCheck') && !(flags & GE.DIODE_CHK_DISABLED)) {
      raiseFault(fw, 'diodeCheck');
      return;
    }
    if (fw.build.overCurrent) {
      if (fw.currentMa >= (fw.capacity + 5) * 1000) {
        fw.overCurrentSince ??= now;
        if (now - fw.overCurrentSince >= 10_000) {
          fw.overCurrentSince = null;
          fw.pilotMode = 'steady';
          fw.busyUntil = now + 1000; // 1 s with the pilot at +12 V before the relay opens
          raiseFault(fw, 'overCurrent');
          return;
        }
      } else fw.overCurrentSince = null;
    }
  } else if (
    fw.causes.has('stuckRelay') &&
    !(flags & GE.STUCK_RELAY_CHK_DISABLED) &&
    fw.brain.fault() !== 'stuckRelay'
  ) {
    fw.stuckSince ??= now;
    if (now - fw.stuckSince > 1000) {
      fw.stuckSince = null;
      raiseFault(fw, 'stuckRelay');
    }
  }
  if (
    fw.causes.has('diodeCheck') &&
    !(flags & GE.DIODE_CHK_DISABLED) &&
    fw.pilotMode === 'pwm' &&
    fw.brain.stateName() === 'connected'
  ) {
    raiseFault(fw, 'diodeCheck');
  }
}

function chargingStep(fw: Fw, now: number, dt: number): void {
  if (!fw.relayClosed) {
    fw.energyClock = null;
    return;
  }
  fw.elapsedMs += dt;
  // The first step after the relay closes only starts the clock (§4.7).
  if (fw.energyClock === null) fw.energyClock = now;
  else if (now - fw.energyClock > 250) {
    fw.sessionWs += energyStepWs(fw.voltageMv, fw.currentMa, now - fw.energyClock);
    fw.energyClock = now;
  }
  // Deferred relay open after `$FS` (§4.4): EV back at 9 V, ≤ 1 A, or 3 s.
  if (fw.sleepRelayDeadline !== null) {
    if (fw.currentMa <= 1000 || evPilotLevel(fw) !== 'C' || now >= fw.sleepRelayDeadline) {
      fw.sleepRelayDeadline = null;
      fw.relayClosed = false;
      fw.relayOpenedAt = now;
      fw.currentMa = 0;
    }
    return;
  }
  if (fw.brain.stateName() !== 'charging') return;
  // Limits (§4.6).
  const timeHit = fw.timeLimit > 0 && fw.elapsedMs / 1000 >= fw.timeLimit * 900;
  const energyHit = fw.chargeLimit > 0 && fw.sessionWs >= fw.chargeLimit * 3_600_000;
  if (timeHit || energyHit) {
    fw.timeLimit = 0;
    fw.chargeLimit = 0;
    fw.extraFlags &= ~(VF.TIME_LIMIT | VF.CHARGE_LIMIT);
    dispatch(fw, { type: 'SLEEP', reason: 'limit' });
  }
}

function thermal(fw: Fw, now: number, everySecond: boolean): void {
  if (!thermalMonitoring(fw)) return;
  const amb = ambientTenths(fw);
  const ir = fw.temps[2];
  const max = configuredMax(fw);
  if (everySecond && fw.brain.stateName() === 'charging') {
    if (amb >= 710 || ir >= 750) {
      // Panic: pilot +12 V, 5 s busy wait, relay open, 0x0A (§4.9).
      fw.pilotMode = 'steady';
      fw.busyUntil = now + 5000;
      fw.pendingPanic = true;
      return;
    }
    if (fw.overTempLevel < 2 && (amb >= 680 || ir >= 700)) {
      fw.overTempLevel = 2;
      setCapacity(fw, Math.max(MIN_AMPS, Math.floor(max / 4)));
    } else if (fw.overTempLevel < 1 && (amb >= 650 || ir >= 650)) {
      fw.overTempLevel = 1;
      setCapacity(fw, Math.floor(max / 2));
    }
  }
  if (fw.overTempLevel === 2 && amb <= 650 && ir <= 650) {
    fw.overTempLevel = 1;
    setCapacity(fw, Math.floor(max / 2));
  } else if (fw.overTempLevel === 1 && amb <= 620 && ir <= 600) {
    fw.overTempLevel = 0;
    setCapacity(fw, max);
  }
}

function heartbeat(fw: Fw, now: number): void {
  const i = fw.eeprom.heartbeatInterval;
  if (i === 0) return;
  // 16-bit unsigned product on the AVR (§4.11): wrong for intervals > 65 s, like the firmware.
  const timeoutMs = (i * 1000) & 0xffff;
  if (now - fw.hbLastPulse > timeoutMs) {
    const a = Math.max(fw.eeprom.heartbeatFallback, MIN_AMPS);
    if (a < fw.capacity) setCapacity(fw, a);
    fw.hbTrigger = 2;
    fw.hbLastPulse = now;
  }
}

/** Entry to A clears both limits and the delay-timer manual override (§4.2, §4.6). */
function clearSessionLimits(fw: Fw): void {
  if (fw.timeLimit || fw.chargeLimit || fw.timerOverride) {
    fw.timeLimit = 0;
    fw.chargeLimit = 0;
    fw.timerOverride = false;
    fw.extraFlags &= ~(VF.TIME_LIMIT | VF.CHARGE_LIMIT);
  }
}

/** One control-loop pass. */
export function loopPass(fw: Fw): void {
  const now = fw.clock.now();
  if (fw.phase !== 'running' || now < fw.busyUntil) return;
  // Boot-locked: setup() has not returned, so loop() (pilot, state, `$AT`) does not run yet.
  if (fw.extraFlags & VF.BOOT_LOCK) {
    fw.lastPass = now;
    return;
  }
  const dt = Math.max(0, now - fw.lastPass);
  fw.lastPass = now;
  if (fw.pendingPanic) {
    fw.pendingPanic = false;
    dispatch(fw, { type: 'FAULT', kind: 'overTemperature' });
  }
  if (fw.needPostOk) {
    fw.needPostOk = false;
    fw.level0 = evPilotLevel(fw) === 'A' ? 'A' : 'B';
    if (fw.level0 !== 'A') dispatch(fw, { type: 'EV_PLUG' });
    dispatch(fw, { type: 'POST_OK' });
  }
  fw.holdStarting = false;
  if (fw.pilotOverride && now >= fw.pilotOverride.until) fw.pilotOverride = null;
  stepPhysics(fw, dt);
  fw.currentMa = measuredMa(fw);
  if (fw.brain.stateName() !== 'disabled' || fw.ev.plugged !== fw.brain.evConnected()) {
    evaluatePilot(fw, now);
  }
  if (fw.brain.stateName() === 'notConnected') clearSessionLimits(fw);
  chargingStep(fw, now, dt);
  if (fw.brain.stateName() !== 'fault') relayChecks(fw, now);
  else if (fw.causes.has('stuckRelay') && !fw.relayClosed) fw.stuckSince = null;
  const everySecond = now - fw.lastSecond >= 1000;
  if (everySecond) {
    fw.lastSecond = now;
    readTemperatures(fw);
    timerCheck(fw);
  }
  thermal(fw, now, everySecond);
  heartbeat(fw, now);
  // Mennekes lock in automatic mode follows the EV (§4.13).
  if (!(fw.extraFlags & VF.MENNEKES_MANUAL)) {
    fw.mennekesLocked = fw.brain.evConnected() && fw.brain.stateName() !== 'disabled';
  }
  sendState(fw);
}

/**
 * True while the loop should run at full rate (debounce or relay activity pending); with
 * `ignoreRelay`, whether anything besides the closed relay keeps it busy.
 */
export function loopIsBusy(fw: Fw, ignoreRelay = false): boolean {
  if (fw.extraFlags & VF.BOOT_LOCK) return false;
  return (
    fw.pending !== null ||
    (fw.relayClosed && !ignoreRelay) ||
    fw.needPostOk ||
    fw.holdStarting ||
    fw.pilotOverride !== null ||
    evPilotLevel(fw) !== fw.level0
  );
}
