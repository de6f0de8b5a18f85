/**
 * Current capacity and the `$AT` reporter (RAPI.md §1.10, §3.7).
 */
import { formatAsync, hexLower } from '../frame.js';
import { AT_TRIGGER_MASK, GE, VF } from './constants.js';
import type { Fw } from './state.js';

/** Most amps the active level allows: 24 on L1, the hardware max on L2. */
export function levelMax(fw: Fw): number {
  return fw.level === 1 ? fw.build.l1Max : (fw.eeprom.hwMax ?? fw.build.l2HwMax);
}

/** Least current the active level allows (RAPI.md §3.6; 10 A on L2 before 5.0). */
export function levelMin(fw: Fw): number {
  return fw.level === 1 ? fw.build.l1Min : fw.build.l2Min;
}

/** The saved (configured) maximum for the active level, clamped to [6, level max] (§3.7). */
export function configuredMax(fw: Fw): number {
  const slot = fw.level === 1 ? fw.eeprom.currentL1 : fw.eeprom.currentL2;
  const value = slot ?? (fw.level === 1 ? fw.build.l1Default : fw.build.l2Default);
  return Math.min(Math.max(value, levelMin(fw)), levelMax(fw));
}

/** Change the pilot capacity; the machine is told so a PWM pilot follows at once. */
export function setCapacity(fw: Fw, amps: number): void {
  if (fw.capacity === amps) return;
  fw.capacity = amps;
  fw.brain.send({ type: 'SET_CURRENT', amps });
}

/** Apply a service level (`$SL`, boot): voltage and the level's configured maximum. */
export function applyLevel(fw: Fw, level: 1 | 2): void {
  fw.level = level;
  fw.voltageMv = level === 1 ? fw.build.l1Mv : fw.build.l2Mv;
  const flags = level === 2 ? fw.eeprom.flags | GE.L2 : fw.eeprom.flags & ~GE.L2;
  if (flags !== fw.eeprom.flags) {
    fw.eeprom.flags = flags;
    fw.saveEeprom();
  }
  setCapacity(fw, configuredMax(fw));
}

/** The EVSE state code a client sees (00 until the loop re-derives it after `$FE`). */
export function stateCode(fw: Fw): number {
  if (fw.phase !== 'running' || fw.needPostOk || fw.holdStarting) {
    return fw.brain.fault() ? fw.brain.code() : 0;
  }
  return fw.brain.code();
}

/** The pilot field (§3.2). */
export function pilotField(fw: Fw): number {
  const o = fw.pilotOverride;
  if (o && fw.clock.now() < o.until) return o.value;
  return fw.brain.pilotState();
}

/** Full vflags (§3.4): the machine's bits plus relay, timer, limit and Mennekes bits. */
export function vflags(fw: Fw): number {
  let v = fw.brain.vflags() | fw.extraFlags;
  if (fw.relayClosed) v |= VF.CHARGING_ON;
  return v & 0xffff;
}

/** The `$AT` text for the present state (`$ST xx` before RAPI 5.0, FIELD-FIRMWARE.md §2). */
export function atFrame(fw: Fw): string {
  const dialect = fw.build.firmware.dialect;
  if (dialect.asyncState === 'ST') return formatAsync(`$ST ${hexLower(stateCode(fw), 2)}`, dialect);
  return formatAsync(
    `$AT ${hexLower(stateCode(fw), 2)} ${hexLower(pilotField(fw), 2)} ${fw.capacity} ${hexLower(vflags(fw), 4)}`,
    dialect,
  );
}

/**
 * `RapiSendEvseState` (§1.10): send `$AT` if the state is not 00, is consistent with the
 * EV-connected flag, and something in the trigger mask changed. `force` skips the rules.
 */
export function sendState(fw: Fw, force = false): void {
  const firmware = fw.build.firmware;
  // From 7.1.1 the report waits for the running command's reply; before, it went out at once.
  if (fw.inCommand && !force && firmware.atDeferredToReply) return;
  const code = stateCode(fw);
  const pilot = pilotField(fw);
  const flags = vflags(fw);
  if (!force && firmware.dialect.asyncState === 'ST') {
    // Before RAPI 5.0: `$ST xx` only when the state code changes (v5.0.1 RapiSendEvseState).
    if (code === 0 || fw.lastAt?.code === code) return;
  } else if (!force) {
    if (code === 0) return;
    // Before D6.2.1 (RAPI 5.1.0) a plug change while asleep sent nothing.
    if (!firmware.dialect.atWhileSleeping && code === 0xfe && fw.lastAt?.code === code) return;
    const ev = (flags & VF.EV_CONNECTED) !== 0;
    if (code === 0x01 && ev) return;
    if ((code === 0x02 || code === 0x03) && !ev) return;
    const last = fw.lastAt;
    if (
      last &&
      last.code === code &&
      last.pilot === pilot &&
      last.cap === fw.capacity &&
      (last.flags & AT_TRIGGER_MASK) === (flags & AT_TRIGGER_MASK)
    ) {
      return;
    }
  }
  fw.lastAt = { code, pilot, cap: fw.capacity, flags };
  fw.emit(atFrame(fw), 'async');
}
