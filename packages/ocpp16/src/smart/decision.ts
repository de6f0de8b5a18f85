import type { Claim } from '@evse/core';
import type { CompositeLimit } from './composite.js';
import type { ProfileStore } from './store.js';
import type { ChargingContext } from './types.js';

/** The lowest pilot current J1772 can signal (RAPI.md §3.7: `$SC` below 6 A gives 6 A). */
export const J1772_MIN_AMPS = 6;

/** What the controller is to be told about a composite limit. Pure: nothing is sent. */
export type ControllerAction =
  /** No profile limits the connector: the station's own current stands. */
  | { readonly kind: 'none' }
  /** Pilot current `amps` by `$SC <amps> V` (volatile: no EEPROM wear, RAPI.md §3.7). */
  | { readonly kind: 'current'; readonly amps: number; readonly command: string }
  /** The limit is below what J1772 can signal: pause (sleep, `$FS`) until it rises. */
  | { readonly kind: 'pause'; readonly limitAmps: number };

/** The station's current range. */
export interface CurrentRange {
  /** @default {@link J1772_MIN_AMPS} */
  readonly minAmps?: number;
  /** The configured maximum (`$GC` 4th field): `$SC n V` cannot go above it (RAPI.md §3.7). */
  readonly maxAmps: number;
}

/**
 * The controller action for a composite limit: whole amps rounded down (a limit is a ceiling),
 * clamped to the station's maximum; below the minimum, a pause — J1772 cannot signal less, and
 * the OpenEVSE WiFi module pauses there too (WIFI-API.md §7.5).
 */
export function controllerAction(
  limit: Pick<CompositeLimit, 'amps'>,
  range: CurrentRange,
): ControllerAction {
  if (limit.amps === null) return { kind: 'none' };
  const min = range.minAmps ?? J1772_MIN_AMPS;
  if (limit.amps < min) return { kind: 'pause', limitAmps: limit.amps };
  const amps = Math.min(Math.floor(limit.amps + 1e-9), range.maxAmps);
  return { kind: 'current', amps, command: `$SC ${amps} V` };
}

/**
 * The claim properties that carry an action to core's arbiter, the only sender of `$SC`/`$FS`
 * (packages/core/src/arbiter): a pause votes `disabled`, a current sets `chargeCurrent`, as
 * the WiFi module's OCPP claim does (WIFI-API.md §7.5). `none` sets neither.
 */
export function actionClaim(action: ControllerAction): Pick<Claim, 'state' | 'chargeCurrent'> {
  if (action.kind === 'pause') return { state: 'disabled' };
  if (action.kind === 'current') return { chargeCurrent: action.amps };
  return {};
}

/** One step of applying smart charging to a connector at an instant. */
export interface SmartChargingStep {
  readonly limit: CompositeLimit;
  readonly action: ControllerAction;
  /** The claim properties for the arbiter ({@link actionClaim}). */
  readonly claim: Pick<Claim, 'state' | 'chargeCurrent'>;
  /** When to take the next step (ms): the next period boundary, or null when none comes. */
  readonly wakeAt: number | null;
}

/**
 * What to do now and when to look again: the composite limit at `t`, the controller action
 * for it and the next boundary — the charge point calls it at start, at each `wakeAt`, and
 * whenever the profiles or the transaction change (OCPP 1.6 §3.13: the limit applies at every
 * period boundary). Pure: a timer is the caller's.
 */
export function smartChargingStep(
  store: Pick<ProfileStore, 'limitAt'>,
  t: number,
  connectorId: number,
  ctx: ChargingContext,
  range: CurrentRange,
): SmartChargingStep {
  const limit = store.limitAt(t, connectorId, ctx);
  const action = controllerAction(limit, range);
  return { limit, action, claim: actionClaim(action), wakeAt: limit.nextChangeAt };
}
