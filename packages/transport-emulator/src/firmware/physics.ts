/**
 * The physical world: what the EV draws, how its battery fills, how the enclosure heats,
 * and the firmware's integer energy maths (RAPI.md §3.8, §4.7, §4.9).
 */
import { GE } from './constants.js';
import type { Fw, PilotLevel } from './state.js';

/** State of charge above which the EV tapers its current. */
const TAPER_FROM = 80;
/** Rise of the MCP9808 (near the relay) over ambient at steady state, °C per A². */
const HEAT_PER_A2 = 0.012;
/** Thermal time constant of the enclosure, ms. */
const HEAT_TAU_MS = 120_000;
/** Extra °C on the MCP9808 while an over-temperature fault is injected. */
const HOT_SPOT_C = 50;

/** One energy step of 8.2.3 (§4.7): mWs = ⌊⌊mV/16⌋·⌊mA/4⌋/15625⌋·Δms, Ws += ⌊mWs/1000⌋. */
export function energyStepWs(mV: number, mA: number, dtMs: number): number {
  const mW = Math.floor((Math.floor(mV / 16) * Math.floor(mA / 4)) / 15625);
  return Math.floor((mW * dtMs) / 1000);
}

/** The level the EV's pilot circuit presents (RAPI.md §4.2). */
export function evPilotLevel(fw: Fw): PilotLevel {
  const ev = fw.ev;
  if (!ev.plugged) return 'A';
  // An EV only asks for charge (S2 closed) when it sees a PWM pilot and is not full.
  if (ev.wantsCharge && fw.pilotMode === 'pwm' && ev.socPercent < 100) {
    return fw.causes.has('ventRequired') ? 'D' : 'C';
  }
  return 'B';
}

/** Amps the EV draws now: never above min(pilot, EV max), tapering near full. */
export function evDrawA(fw: Fw): number {
  const ev = fw.ev;
  if (!fw.relayClosed || !ev.plugged || !ev.wantsCharge || fw.pilotMode !== 'pwm') return 0;
  if (ev.socPercent >= 100) return 0;
  // Injected over-current: a faulty on-board charger ignores the pilot (§4.12).
  if (fw.causes.has('overCurrent')) return fw.capacity + 6;
  let amps = Math.min(fw.capacity, ev.maxCurrentA);
  if (ev.socPercent > TAPER_FROM) {
    amps = Math.min(amps, (ev.maxCurrentA * (100 - ev.socPercent)) / (100 - TAPER_FROM));
  }
  return Math.max(0, amps);
}

/** What the ammeter reports, mA (scale/offset relative to the default 220/0, §3.8). */
export function measuredMa(fw: Fw): number {
  const a = evDrawA(fw);
  if (a <= 0 || fw.eeprom.ammeterScale === 0) return 0;
  const ma = Math.round((a * 1000 * fw.eeprom.ammeterScale) / 220) - fw.eeprom.ammeterOffset;
  return Math.max(0, ma);
}

/** `1 - e^(-dt/τ)` for the last step length: every loop of a fleet steps by the same dt. */
let heatDt = Number.NaN;
let heatGain = 0;

/** Advance the physical world by `dtMs`. */
export function stepPhysics(fw: Fw, dtMs: number): void {
  if (dtMs <= 0) return;
  const amps = fw.currentMa / 1000;
  // Battery: the energy that flows goes into the pack.
  const ev = fw.ev;
  if (amps > 0 && ev.batteryKwh > 0) {
    const kWh = (amps * (fw.voltageMv / 1000) * dtMs) / 3.6e9;
    let soc = Math.min(100, ev.socPercent + (kWh / ev.batteryKwh) * 100);
    // The BMS ends the charge once the taper current falls below 1 A.
    const taperA = (ev.maxCurrentA * (100 - soc)) / (100 - TAPER_FROM);
    if (soc > TAPER_FROM && taperA < 1) soc = 100;
    ev.socPercent = soc;
  }
  const target = HEAT_PER_A2 * amps * amps;
  // Idle and cooled down (the usual fleet case): nothing to integrate, no Math.exp per pass.
  if (target === 0 && fw.heatC === 0) return;
  if (dtMs !== heatDt) {
    heatDt = dtMs;
    heatGain = 1 - Math.exp(-dtMs / HEAT_TAU_MS);
  }
  fw.heatC += (target - fw.heatC) * heatGain;
  // Far below what a sensor shows (0.1 °C): cooled down.
  if (target === 0 && fw.heatC < 1e-9) fw.heatC = 0;
}

/** Read the temperature sensors (once per second, §4.9): DS3231, MCP9808, TMP007 (absent). */
export function readTemperatures(fw: Fw): void {
  const hot = fw.causes.has('overTemperature') ? HOT_SPOT_C : 0;
  const ds = fw.ambientC + fw.heatC * 0.5;
  const mcp = fw.ambientC + 0.5 + fw.heatC + hot;
  // In place: no new array per second per controller (readers copy it).
  const temps = fw.temps;
  temps[0] = Math.round(ds * 10);
  temps[1] = Math.round(mcp * 10);
  temps[2] = -2560;
}

/** Thermal monitoring is on (`$FF T 1`, flag 0x0400 clear). */
export function thermalMonitoring(fw: Fw): boolean {
  return (fw.eeprom.flags & GE.TEMP_CHK_DISABLED) === 0;
}

/** Hottest ambient sensor, tenths of °C (TMP007 is the IR sensor, separate thresholds). */
export function ambientTenths(fw: Fw): number {
  return Math.max(fw.temps[0], fw.temps[1]);
}
