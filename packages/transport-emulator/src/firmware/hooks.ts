/**
 * The statechart's named actions, implemented on the emulated hardware (relay, pilot, fault
 * counters, energy session): run by the brain for core's `evseMachine`.
 */
import type { EvseEvent, FaultKind } from '@evse/core';
import { applyLevel } from './capacity.js';
import { GE, VF } from './constants.js';
import type { Fw } from './state.js';

const COUNTER_INDEX: Partial<Record<FaultKind, number>> = { gfci: 0, noGround: 1, stuckRelay: 2 };

/** V6 hardware debug lines at boot and on every relay close (RAPI.md §1.11). */
export function relayNoise(fw: Fw): string {
  return `\r\nrelayCloseMs: ${fw.eeprom.relayCloseMs}\r\nrelayHoldPwm: ${fw.eeprom.relayHoldPwm}\r\n`;
}

/** The relay opens (or, on `$FS` while charging, waits for the EV first). */
export function openRelay(fw: Fw, event: EvseEvent): void {
  const now = fw.clock.now();
  if (event.type === 'SLEEP' && fw.relayClosed) {
    // `$FS` pilots +12 V and waits for the EV before opening (§4.4).
    fw.sleepRelayDeadline ??= now + 3000;
    return;
  }
  if (fw.relayClosed) fw.relayOpenedAt = now;
  fw.relayClosed = false;
  fw.sleepRelayDeadline = null;
  fw.currentMa = 0;
}

/** The relay closes, after the GFI self-test and the relay-closure check. */
export function closeRelay(fw: Fw): void {
  // GFI self-test before every relay close (§4.2), CGMI relay-closure check (§3.1).
  if (fw.causes.has('gfiSelfTest') && !(fw.eeprom.flags & GE.GFI_TEST_DISABLED)) {
    fw.deferredFaults.push({ kind: 'gfiSelfTest' });
    return;
  }
  if (fw.causes.has('relayClosure')) {
    fw.deferredFaults.push({ kind: 'relayClosure' });
    return;
  }
  if (!fw.relayClosed) {
    fw.relayClosed = true;
    fw.relayClosedAt = fw.clock.now();
    fw.energyClock = null;
    fw.stuckSince = null;
    if (fw.debugNoise) fw.emit(relayNoise(fw), 'noise');
  }
  if (fw.extraFlags & VF.AUTOSVCLVL_SKIPPED) {
    // Level detection postponed at POST runs on the first charge (§3.4 0x0001).
    fw.extraFlags &= ~VF.AUTOSVCLVL_SKIPPED;
    if (fw.level !== 2) applyLevel(fw, 2);
  }
}

/** Count the first fault of an episode in EEPROM. */
export function countFault(fw: Fw, kind: FaultKind, first: boolean): void {
  const i = COUNTER_INDEX[kind];
  if (i === undefined || !first) return;
  const c = fw.eeprom.faultCounters;
  // 8.2.3 stops at 254 (0xFE), not 0xFF as its comment says (§3.5, §7.5).
  c[i] = Math.min(254, (c[i] ?? 0) + 1);
  fw.saveEeprom();
}

/** A plug-in starts a session: energy and elapsed time from zero. */
export function sessionStart(fw: Fw): void {
  fw.sessionWs = 0;
  fw.elapsedMs = 0;
  fw.energyClock = null;
}

/** An unplug ends it: the session's Wh go into the lifetime counter. */
export function sessionEnd(fw: Fw): void {
  fw.eeprom.lifetimeWh += Math.floor(fw.sessionWs / 3600);
  fw.saveEeprom();
}
