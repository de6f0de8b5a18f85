/**
 * Claims on the controller's state and current, and how they combine into one target — the
 * model of the OpenEVSE WiFi module's EVSE manager (FIELD-FIRMWARE.md §1): every client puts
 * a claim at its priority, and for each property the highest-priority claim that sets it wins.
 */

/**
 * Claim priorities as the WiFi module has them (FIELD-FIRMWARE.md §1): OCPP beats RFID, which
 * beats a manual override, which beats the timer.
 */
export const CLAIM_PRIORITY = {
  ocpp: 1050,
  rfid: 1030,
  manual: 1000,
  timer: 100,
} as const;

/** What a client wants of the controller. */
export interface Claim {
  /** Who claims (one claim per client; a new claim replaces the client's previous one). */
  readonly client: string;
  /** Higher wins; see {@link CLAIM_PRIORITY}. */
  readonly priority: number;
  /** `active` may charge (`$FE`); `disabled` keeps the EVSE asleep (`$FS`). */
  readonly state: 'active' | 'disabled';
  /** Pilot current in amps (`$SC n V`); the highest-priority claim that sets it wins. */
  readonly chargeCurrent?: number;
  /** Why, in words, for whoever shows the arbiter's events (e.g. "authorized 04A2B3C4"). */
  readonly note?: string;
}

/** What the arbiter drives the controller to: the winning claims. */
export interface ArbiterTarget {
  readonly state: 'active' | 'disabled';
  /** The client whose claim decided `state`. */
  readonly client: string;
  /** That claim's note, if any. */
  readonly note?: string;
  /** Pilot current in amps, when some claim sets one. */
  readonly chargeCurrent?: number;
  /** The client whose claim decided `chargeCurrent`. */
  readonly currentClient?: string;
}

/** Throw a `TypeError` naming the first bad field of `claim`. */
export function checkClaim(claim: Claim): void {
  if (typeof claim?.client !== 'string' || claim.client === '') {
    throw new TypeError('claim.client: must be a non-empty string');
  }
  if (!Number.isFinite(claim.priority)) throw new TypeError('claim.priority: must be a number');
  if (claim.state !== 'active' && claim.state !== 'disabled') {
    throw new TypeError("claim.state: must be 'active' or 'disabled'");
  }
  const amps = claim.chargeCurrent;
  if (amps !== undefined && !(Number.isInteger(amps) && amps >= 6 && amps <= 80)) {
    // `$SC` takes whole amps within the J1772 range (RAPI.md §3.7).
    throw new TypeError('claim.chargeCurrent: must be whole amps from 6 to 80');
  }
}

/**
 * The target of a set of claims, or `null` when nobody claims (then the arbiter leaves the
 * controller alone). Ties go to the claim made first.
 */
export function resolveTarget(claims: Iterable<Claim>): ArbiterTarget | null {
  let top: Claim | null = null;
  let amps: Claim | null = null;
  for (const c of claims) {
    if (top === null || c.priority > top.priority) top = c;
    if (c.chargeCurrent !== undefined && (amps === null || c.priority > amps.priority)) amps = c;
  }
  if (top === null) return null;
  return {
    state: top.state,
    client: top.client,
    ...(top.note === undefined ? {} : { note: top.note }),
    ...(amps?.chargeCurrent === undefined
      ? {}
      : { chargeCurrent: amps.chargeCurrent, currentClient: amps.client }),
  };
}

/** Field-by-field equality of two targets. */
export function sameTarget(a: ArbiterTarget | null, b: ArbiterTarget | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.state === b.state &&
    a.client === b.client &&
    a.note === b.note &&
    a.chargeCurrent === b.chargeCurrent &&
    a.currentClient === b.currentClient
  );
}
