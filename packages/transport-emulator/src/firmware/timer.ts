/**
 * Real-time clock and delay timer (RAPI.md §2.2 `$S1`/`$ST`, §4.5).
 */
import { VF } from './constants.js';
import { dispatch } from './loop.js';
import type { Fw } from './state.js';

/** RTC fields yy mo dd hh mm ss, or `null` without an RTC chip. */
export function rtcFields(fw: Fw): [number, number, number, number, number, number] | null {
  if (fw.rtcBase === null) return null;
  const d = new Date(fw.rtcBase + (fw.clock.now() - fw.rtcAt));
  return [
    d.getUTCFullYear() - 2000,
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  ];
}

/** `$S1`: set the RTC (no range checks in 8.2.3; the date maths normalises overflow). */
export function setRtc(fw: Fw, f: number[]): void {
  if (fw.rtcBase === null) return;
  const [yy = 0, mo = 1, dd = 1, hh = 0, mm = 0, ss = 0] = f;
  fw.rtcBase = Date.UTC(2000 + yy, mo - 1, dd, hh, mm, ss);
  fw.rtcAt = fw.clock.now();
}

/** The delay timer is configured and valid (start ≠ stop). */
export function timerEnabled(fw: Fw): boolean {
  const [sh, sm, eh, em] = fw.eeprom.timer;
  return !(sh === 0 && sm === 0 && eh === 0 && em === 0);
}

/** Once-per-second timer check (§4.5). */
export function timerCheck(fw: Fw): void {
  if (!timerEnabled(fw)) return;
  const state = fw.brain.stateName();
  if (state === 'fault' || state === 'disabled') return;
  // A limit suspends the timer until unplug/limit reached (§2.2 `$S3`).
  if (fw.extraFlags & (VF.TIME_LIMIT | VF.CHARGE_LIMIT)) return;
  const rtc = rtcFields(fw);
  if (!rtc) return;
  const [sh, sm, eh, em] = fw.eeprom.timer;
  const start = sh * 60 + sm;
  const stop = eh * 60 + em;
  if (start === stop) return;
  const t = rtc[3] * 60 + rtc[4];
  const inside = start < stop ? t >= start && t < stop : t >= start || t < stop;
  const sleeping = state === 'sleeping';
  if (fw.timerOverride) {
    // The manual override ends when the timer itself next agrees.
    if (inside !== sleeping) fw.timerOverride = false;
    return;
  }
  if (inside && sleeping && !(fw.brain.vflags() & VF.LIMIT_SLEEP)) {
    dispatch(fw, { type: 'ENABLE' });
    fw.holdStarting = true;
  } else if (!inside && !sleeping && state !== 'starting') {
    dispatch(fw, { type: 'SLEEP', reason: 'timer' });
  }
}
