import type { FaultKind } from './faults.js';

/**
 * Everything that can happen to an EVSE, as events of `evseMachine` (contracts §2).
 * Device-side events (`EV_*`, `FAULT`, `POST_*`) are what the emulator feeds its own machine;
 * `DEVICE_STATE` is what a host-side mirror feeds from `$AT`/`$GS` frames.
 */
export type EvseEvent =
  /** POST passed (RAPI.md §4.1 step 6). */
  | { type: 'POST_OK' }
  /** POST failed: no ground, stuck relay or GFI self-test (RAPI.md §4.1 step 5). */
  | { type: 'POST_FAILED'; kind: FaultKind }
  /** The EV cable was plugged in (pilot leaves +12 V). */
  | { type: 'EV_PLUG' }
  /** The EV cable was pulled out (pilot back at +12 V). */
  | { type: 'EV_UNPLUG' }
  /** The EV asks for charge (pilot 6 V, state C). */
  | { type: 'EV_REQUEST_CHARGE' }
  /** The EV stops asking for charge (pilot 9 V, state B). */
  | { type: 'EV_STOP_CHARGE' }
  /** `$FE`: acts only when sleeping or disabled (RAPI.md §4.4). */
  | { type: 'ENABLE' }
  /** `$FD`: state FF, pilot −12 V, relay open. */
  | { type: 'DISABLE' }
  /**
   * `$FS` (reason `user`, the default), the delay timer (`timer`) or a reached time/energy
   * limit (`limit`, sets LIMIT_SLEEP 0x0004; ends by itself on unplug, RAPI.md §4.4/§4.6).
   */
  | { type: 'SLEEP'; reason?: 'user' | 'timer' | 'limit' }
  /** `$S4 1` (RAPI.md §4.10). */
  | { type: 'AUTH_LOCK' }
  /** `$S4 0`: re-runs the B entry at once (PWM on). */
  | { type: 'AUTH_UNLOCK' }
  /** `$SC`: the pilot current capacity changed (amps). */
  | { type: 'SET_CURRENT'; amps: number }
  /**
   * A fault was detected. `hard: true` makes an auto-retry fault hard at once (UL builds:
   * a GFCI trip within 2 s of closing the relay, RAPI.md §4.12).
   */
  | { type: 'FAULT'; kind: FaultKind; hard?: boolean }
  /** The fault condition went away (operator action); the EVSE re-evaluates via `starting`. */
  | { type: 'FAULT_CLEARED' }
  /** Watchdog reset / power cycle: back to `starting` with boot-time context (RAPI.md §4.1). */
  | { type: 'REBOOT' }
  /**
   * Host-side mirror: the device reported this state (`$AT`, `$GS` or the legacy `$ST`); jump
   * to it. `pilotState` and `vflags` are absent when the device does not report them (RAPI < 5:
   * `$ST xx` and the decimal `$GS`, docs/protocol/FIELD-FIRMWARE.md §2).
   */
  | {
      type: 'DEVICE_STATE';
      evseState: number;
      pilotState?: number;
      vflags?: number;
      currentCapacity?: number;
      elapsedSeconds?: number;
    };

/** The `DEVICE_STATE` member of {@link EvseEvent}. */
export type DeviceStateEvent = Extract<EvseEvent, { type: 'DEVICE_STATE' }>;

/** The shape of a parsed async frame this module needs (a subset of `RapiFrame`). */
export interface AsyncFrameLike {
  readonly kind: 'async';
  readonly type: string;
  readonly fields: readonly string[];
}

/** The shape of a parsed reply this module needs (a subset of `RapiFrame`). */
export interface ReplyFrameLike {
  readonly kind: 'reply';
  readonly ok: boolean;
  readonly fields: readonly string[];
}

const HEX = /^[0-9a-fA-F]{1,4}$/;
const DEC = /^[0-9]{1,10}$/;

function field(fields: readonly string[], i: number, re: RegExp, radix: number, what: string) {
  const text = fields[i];
  if (text === undefined || !re.test(text)) {
    throw new TypeError(`state frame field ${i + 1} (${what}) is not valid: ${String(text)}`);
  }
  return Number.parseInt(text, radix);
}

/**
 * The `DEVICE_STATE` event carried by an `$AT` async frame, a legacy `$ST xx` (one field; only
 * the state), or by the reply to `$GS` (RAPI ≥ 5 form; see `decodeStatus` for both) when
 * `command` is `'GS'`. Returns `null` for any other frame (including `$AB`, which carries no
 * pilot state or vflags: resync with `$GS` instead). Throws a `TypeError` naming the field
 * when a state frame's fields are malformed.
 *
 * Field formats (RAPI.md §1.10, §2.3): `$AT %02x %02x %d %04x` = state, pilot, capacity A
 * (decimal), vflags; `$GS` reply `%02x %ld %02x %04x` = state, elapsed s (decimal), pilot,
 * vflags.
 *
 * @example eventFromFrame({ kind: 'async', type: 'AT', fields: ['01', '01', '24', '0200'] })
 */
export function eventFromFrame(
  frame: AsyncFrameLike | ReplyFrameLike,
  command?: string,
): DeviceStateEvent | null {
  const f = frame.fields;
  if (frame.kind === 'async' && frame.type === 'AT') {
    return {
      type: 'DEVICE_STATE',
      evseState: field(f, 0, HEX, 16, 'EVSE state'),
      pilotState: field(f, 1, HEX, 16, 'pilot state'),
      currentCapacity: field(f, 2, DEC, 10, 'current capacity'),
      vflags: field(f, 3, HEX, 16, 'vflags'),
    };
  }
  if (frame.kind === 'async' && frame.type === 'ST' && f.length === 1) {
    // The state frame before RAPI 5.0.0: `$ST %02x` (v3.11.3 rapi_proc.cpp `sendEvseState`,
    // `^xx` appended from RAPI 2.0.1). With four fields `$ST` is the timer command, echoed.
    return { type: 'DEVICE_STATE', evseState: field(f, 0, HEX, 16, 'EVSE state') };
  }
  if (frame.kind === 'reply' && frame.ok && command === 'GS') {
    return {
      type: 'DEVICE_STATE',
      evseState: field(f, 0, HEX, 16, 'EVSE state'),
      elapsedSeconds: field(f, 1, DEC, 10, 'elapsed seconds'),
      pilotState: field(f, 2, HEX, 16, 'pilot state'),
      vflags: field(f, 3, HEX, 16, 'vflags'),
    };
  }
  return null;
}
