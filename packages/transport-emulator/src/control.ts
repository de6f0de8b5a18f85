/**
 * The JSON-able status snapshot of `control.status()`.
 */
import { pilotField, stateCode, vflags } from './firmware/capacity.js';
import { evPilotLevel } from './firmware/physics.js';
import type { Fw } from './firmware/state.js';
import type { EmulatorStatus } from './types.js';

/** Snapshot of `fw` at clock time `now`. */
export function buildStatus(fw: Fw, now: number): EmulatorStatus {
  const code = stateCode(fw);
  const [gfci = 0, noGround = 0, stuckRelay = 0] = fw.eeprom.faultCounters;
  const { plugged: _p, wantsCharge: _w, ...ev } = fw.ev;
  return {
    state: code === 0 ? 'starting' : fw.brain.stateName(),
    evseState: code,
    pilotState: pilotField(fw),
    vflags: vflags(fw),
    fault: fw.brain.fault(),
    hardFault: fw.brain.hardFault(),
    injectedFaults: fw.causes.list(),
    currentCapacity: fw.capacity,
    evConnected: fw.ev.plugged,
    evRequestingCharge: evPilotLevel(fw) === 'C',
    relayClosed: fw.relayClosed,
    currentMa: fw.relayClosed ? fw.currentMa : 0,
    voltageMv: fw.voltageMv,
    sessionWs: fw.sessionWs,
    lifetimeWh: fw.eeprom.lifetimeWh,
    elapsedS: Math.floor(fw.elapsedMs / 1000),
    temperatures: [...fw.temps],
    ambientC: fw.ambientC,
    faultCounters: { gfci, noGround, stuckRelay },
    ev,
    authLocked: fw.brain.authLocked(),
    profile: fw.build.firmware.profile,
    firmware: fw.build.firmware.firmware,
    firmwareVersion: fw.build.version,
    uptimeMs: now - fw.startedAt,
  };
}
