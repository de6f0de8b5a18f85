/**
 * The authorization gate (internal): the charge point's claim on the arbiter, which holds the
 * EVSE asleep until an authorization (FIELD-FIRMWARE.md §1), and the reservation rule that
 * refuses other tags.
 */
import { CLAIM_PRIORITY, type Claim } from '@evse/core';
import type { IdTagInfo } from '@evse/ocppj';

/** The arbiter client name of the charge point's claim. */
export const OCPP_CLIENT = 'ocpp';

/**
 * The charge point's claim while nobody is authorized: the EVSE held asleep
 * (FIELD-FIRMWARE.md §1). A bridge claims it before the controller is first gated, so the
 * station sleeps from the start, before the charge point exists.
 */
export const OCPP_WAITING_CLAIM: Readonly<Claim> = Object.freeze({
  client: OCPP_CLIENT,
  priority: CLAIM_PRIORITY.ocpp,
  state: 'disabled',
  note: 'waiting for authorization',
});

/** What the connector's claim depends on. */
export interface GateState {
  /** The running transaction's idTag, or null. */
  readonly txIdTag: string | null;
  /** The central system did not accept the running transaction's tag, which stays open. */
  readonly deauthorized: boolean;
  /** A transaction is starting (its meterStart being read). */
  readonly starting: boolean;
  /** The idTag of an authorization waiting for the EV, or null. */
  readonly authIdTag: string | null;
  /** ChangeAvailability Inoperative is in force. */
  readonly inoperative: boolean;
}

/**
 * The OCPP claim: `active` from an authorization until its transaction ends, `disabled`
 * otherwise, so the arbiter holds the EVSE asleep — also while unplugged, and whatever wakes
 * the controller (button, timer, reboot).
 */
export function ocppClaim(g: GateState): Readonly<Claim> {
  const active =
    (g.txIdTag !== null && !g.deauthorized) ||
    g.starting ||
    (g.authIdTag !== null && !g.inoperative);
  const idTag = g.txIdTag ?? g.authIdTag;
  if (active) return { ...OCPP_WAITING_CLAIM, state: 'active', note: `authorized ${idTag}` };
  if (g.txIdTag !== null)
    return { ...OCPP_WAITING_CLAIM, note: `${idTag} not accepted by the central system` };
  if (g.inoperative) return { ...OCPP_WAITING_CLAIM, note: 'inoperative (ChangeAvailability)' };
  return OCPP_WAITING_CLAIM;
}

/** A reservation held for another tag: `idTag` is refused unless its parentIdTag matches. */
export function reservedForOther(
  reservation: { readonly idTag: string; readonly parentIdTag?: string } | null,
  idTag: string,
  info: IdTagInfo,
): boolean {
  return (
    reservation !== null &&
    reservation.idTag !== idTag &&
    (reservation.parentIdTag === undefined || reservation.parentIdTag !== info.parentIdTag)
  );
}
