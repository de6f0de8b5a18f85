/**
 * Power-up: what a reset clears (RAPI.md §4.1: only EEPROM data survives) and POST.
 */
import type { FaultKind } from '@evse/core';
import { formatAsync } from '../frame.js';
import { applyLevel, sendState, stateCode } from './capacity.js';
import { GE, VF } from './constants.js';
import { dispatch } from './loop.js';
import { readTemperatures } from './physics.js';
import type { Fw } from './state.js';
import { timerEnabled } from './timer.js';

/** Everything volatile back to its power-up value. */
export function resetVolatileState(fw: Fw): void {
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
  fw.startedAt = fw.clock.now();
  // BOOTLOCK: setup() waits, answering RAPI only, until `$SB` (FIELD-FIRMWARE.md §1).
  if (fw.build.firmware.bootLock) fw.extraFlags |= VF.BOOT_LOCK;
}

/** `$AB` with the state code (RAPI.md §4.1); none before RAPI 5.0 (FIELD-FIRMWARE.md §2). */
function bootNotice(fw: Fw, code: number): void {
  const dialect = fw.build.firmware.dialect;
  if (dialect.asyncState !== 'AT') return;
  fw.emit(
    formatAsync(`$AB ${code.toString(16).padStart(2, '0')} ${fw.build.version}`, dialect),
    'async',
  );
}

/** POST (§4.1 steps 4–6): on failure `$AB 07|08|09` and a forced `$AT`, else `$AB 00`. */
export function runPost(fw: Fw): void {
  const f = fw.eeprom.flags;
  // POST (§4.1 step 4–5): relays exercised, ground and GFI self-test.
  const failed: FaultKind | null =
    fw.causes.has('noGround') && !(f & GE.GND_CHK_DISABLED)
      ? 'noGround'
      : fw.causes.has('stuckRelay') && !(f & GE.STUCK_RELAY_CHK_DISABLED)
        ? 'stuckRelay'
        : fw.causes.has('gfiSelfTest') && !(f & GE.GFI_TEST_DISABLED)
          ? 'gfiSelfTest'
          : null;
  fw.phase = 'running';
  const now = fw.clock.now();
  fw.lastPass = now;
  fw.lastSecond = now;
  fw.hbLastPulse = now;
  if (failed) {
    dispatch(fw, { type: 'POST_FAILED', kind: failed });
    bootNotice(fw, stateCode(fw));
    sendState(fw, true);
    return;
  }
  let level: 1 | 2 = f & GE.L2 ? 2 : 1;
  if (fw.build.autoLevel && !(f & GE.AUTO_SVC_LEVEL_DISABLED)) {
    // Auto-detect: L2 supply; with an EV plugged in, fall back to L1 and probe later.
    if (fw.ev.plugged) {
      level = 1;
      fw.extraFlags |= VF.AUTOSVCLVL_SKIPPED;
    } else level = 2;
  }
  applyLevel(fw, level);
  if (timerEnabled(fw)) fw.extraFlags |= VF.TIMER_ON;
  bootNotice(fw, 0);
  readTemperatures(fw);
  fw.needPostOk = true;
}
