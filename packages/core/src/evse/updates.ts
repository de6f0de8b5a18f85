/**
 * Pure context updates of the EVSE machine, one per firmware behaviour, wired up as named
 * `assign` actions in `machine.ts`. Each takes the context and the event and returns the
 * changed fields.
 */
import type { EvseContext } from './context.js';
import type { EvseEvent } from './events.js';
import { type FaultKind, faultFromCode, faultInfo } from './faults.js';
import { VF, withBit } from './vflags.js';

type Update = (context: EvseContext, event: EvseEvent) => Partial<EvseContext>;

/** Plug-in: EV_CONNECTED set; 0x0400 still shows the previous pass (RAPI.md §4.4: `…0300`). */
export const plugIn: Update = (c) => ({
  evConnected: true,
  elapsedSeconds: 0, // a plug-in restarts the elapsed timer (RAPI.md §4.3)
  vflags: withBit(withBit(c.vflags, VF.EV_CONNECTED, true), VF.EV_CONNECTED_PREV, c.evConnected),
});

/** Unplug: EV_CONNECTED cleared, SESSION_ENDED set, fault retries forgotten (§3.4, §4.12). */
export const unplug: Update = (c) => ({
  evConnected: false,
  evWantsCharge: false,
  faultRetries: 0,
  vflags: withBit(
    withBit(withBit(c.vflags, VF.EV_CONNECTED, false), VF.EV_CONNECTED_PREV, c.evConnected),
    VF.SESSION_ENDED,
    true,
  ),
});

/** While disabled the pilot is at −12 V, so the firmware cannot see the EV (§4.4): no vflags. */
export const plugSilently: Update = (_c, e) => ({
  evConnected: e.type === 'EV_PLUG',
  evWantsCharge: false,
});

/** Entry to A: limits cleared, auth re-locked on AUTH_LOCK builds (RAPI.md §4.2, §4.10). */
export const enterA: Update = (c) => {
  const authLocked = c.authLocked || c.options.authLock;
  let vflags = withBit(c.vflags, VF.EV_CONNECTED | VF.EV_CONNECTED_PREV, false);
  vflags = withBit(vflags, VF.TIME_LIMIT | VF.CHARGE_LIMIT, false);
  return {
    pilotState: 0x01,
    evWantsCharge: false,
    authLocked,
    vflags: withBit(vflags, VF.AUTH_LOCKED, authLocked),
  };
};

/** Entry to B: steady-state EV flags (`0700` before the first charge, `0500` after). */
export const enterB: Update = (c) => ({
  pilotState: 0x02,
  vflags: withBit(c.vflags, VF.EV_CONNECTED | VF.EV_CONNECTED_PREV, true),
});

/** Entry to C: relay closed; the first close of a plug-in clears SESSION_ENDED (§3.4). */
export const enterC: Update = (c) => ({
  pilotState: 0x03,
  vflags: withBit(withBit(c.vflags, VF.CHARGING_ON, true), VF.SESSION_ENDED, false),
});

/** Leaving C: the relay is open again. */
export const exitC: Update = (c) => ({ vflags: withBit(c.vflags, VF.CHARGING_ON, false) });

/** Sleep: a limit sleep sets LIMIT_SLEEP and clears both limits (RAPI.md §4.6). */
export const enterSleep: Update = (c, e) => {
  const limit = e.type === 'SLEEP' && e.reason === 'limit';
  let vflags = withBit(c.vflags, VF.CHARGING_ON, false);
  if (limit) vflags = withBit(vflags, VF.TIME_LIMIT | VF.CHARGE_LIMIT, false);
  return { limitSleep: limit, vflags: withBit(vflags, VF.LIMIT_SLEEP, limit) };
};

/** Leaving sleep (enable, unplug after a limit, disable): LIMIT_SLEEP cleared (§2.1 `$FE`). */
export const exitSleep: Update = (c) => ({
  limitSleep: false,
  vflags: withBit(c.vflags, VF.LIMIT_SLEEP, false),
});

/** Auth lock on or off (`$S4`, vflag 0x0008). */
export const setAuth: Update = (c, e) => {
  const authLocked = e.type === 'AUTH_LOCK';
  return { authLocked, vflags: withBit(c.vflags, VF.AUTH_LOCKED, authLocked) };
};

/** Entry to a fault child: which kind, hard or not, pilot field per RAPI.md §3.2. */
export function enterFault(c: EvseContext, e: EvseEvent, kind: FaultKind): Partial<EvseContext> {
  const info = faultInfo(kind);
  const forcedHard = e.type === 'FAULT' && e.hard === true;
  const retriesUsed = c.faultRetries >= c.options.maxFaultRetries;
  // A failed POST reports vflags 0200 (no HARD_FAULT bit, RAPI.md §4.1 step 5).
  const hardFault = !c.postFailed && (!info.autoRetry || retriesUsed || forcedHard);
  let pilotState = c.pilotState; // hard faults freeze the pilot field (§3.2)
  if (info.autoRetry || c.postFailed) pilotState = 0x00;
  if (kind === 'diodeCheck') pilotState = 0x05;
  if (kind === 'ventRequired') pilotState = 0x04;
  let vflags = withBit(c.vflags, VF.HARD_FAULT, hardFault);
  vflags = withBit(vflags, VF.CHARGING_ON, false);
  if (kind === 'gfci') vflags = withBit(vflags, VF.GFI_TRIPPED, true);
  return { fault: kind, hardFault, pilotState, vflags };
}

/** Leaving the fault state by any route. */
export const exitFault: Update = (c) => ({
  fault: null,
  hardFault: false,
  postFailed: false,
  vflags: withBit(c.vflags, VF.HARD_FAULT, false),
});

/** Host mirror: take everything the device reported (`$AT`/`$GS`). */
export const mirrorDevice: Update = (c, e) => {
  if (e.type !== 'DEVICE_STATE') return {};
  const v = e.vflags;
  if (v === undefined) return mirrorLegacy(c, e);
  return {
    pilotState: e.pilotState ?? c.pilotState,
    vflags: v,
    evConnected: (v & VF.EV_CONNECTED) !== 0,
    authLocked: (v & VF.AUTH_LOCKED) !== 0,
    hardFault: (v & VF.HARD_FAULT) !== 0,
    limitSleep: (v & VF.LIMIT_SLEEP) !== 0,
    fault: faultFromCode(e.evseState)?.kind ?? null,
    currentCapacity: e.currentCapacity ?? c.currentCapacity,
    elapsedSeconds: e.elapsedSeconds ?? c.elapsedSeconds,
  };
};

/**
 * Host mirror of a device that reports only its state (RAPI < 5, FIELD-FIRMWARE.md §2): pilot
 * state and vflags are unknown, so the context holds 0 for them and the plug the state implies
 * (B and C: plugged). The Station status reports them as unknown (`null`) instead.
 */
function mirrorLegacy(
  c: EvseContext,
  e: Extract<EvseEvent, { type: 'DEVICE_STATE' }>,
): Partial<EvseContext> {
  const fault = faultFromCode(e.evseState);
  return {
    pilotState: 0,
    vflags: 0,
    evConnected: e.evseState === 0x02 || e.evseState === 0x03,
    authLocked: false,
    hardFault: fault !== null && !fault.autoRetry,
    limitSleep: false,
    fault: fault?.kind ?? null,
    currentCapacity: e.currentCapacity ?? c.currentCapacity,
    elapsedSeconds: e.elapsedSeconds ?? c.elapsedSeconds,
  };
}
