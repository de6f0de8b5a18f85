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
  /** A charge limit reached (WIFI-API.md §10): above OCPP. */
  limit: 1100,
  ocpp: 1050,
  rfid: 1030,
  manual: 1000,
  /** `<base>/claim/set` over MQTT and `POST /claims/{id}` (WIFI-API.md §7.1). */
  api: 500,
  timer: 100,
} as const;

/** What a client wants of the controller. */
export interface Claim {
  /** Who claims (one claim per client; a new claim replaces the client's previous one). */
  readonly client: string;
  /** Higher wins; see {@link CLAIM_PRIORITY}. */
  readonly priority: number;
  /**
   * `active` may charge (`$FE`); `disabled` keeps the EVSE asleep (`$FS`). Left out, the claim
   * does not vote on the state (the WiFi module resolves each property on its own,
   * WIFI-API.md §7.2–7.3).
   */
  readonly state?: 'active' | 'disabled' | undefined;
  /** Pilot current in amps (`$SC n V`); the highest-priority claim that sets it wins. */
  readonly chargeCurrent?: number | undefined;
  /** A cap on the pilot current in amps, whoever sets `chargeCurrent` (WIFI-API.md §7.3). */
  readonly maxCurrent?: number | undefined;
  /** Why, in words, for whoever shows the arbiter's events (e.g. "authorized 04A2B3C4"). */
  readonly note?: string;
}

/** What the arbiter drives the controller to: the winning claims. */
export interface ArbiterTarget {
  readonly state: 'active' | 'disabled';
  /**
   * The client whose claim decided `state`, or `default` when no claim sets one (then the
   * state is `active`, the WiFi module's default state, WIFI-API.md §7.3).
   */
  readonly client: string;
  /** That claim's note, if any. */
  readonly note?: string;
  /** Pilot current in amps, when some claim sets one. */
  readonly chargeCurrent?: number;
  /** The client whose claim decided `chargeCurrent` (or, when it is the lower, `maxCurrent`). */
  readonly currentClient?: string;
}

/** `ArbiterTarget.client` when no claim sets the state. */
export const DEFAULT_CLIENT = 'default';

/** Throw a `TypeError` naming the first bad field of `claim`. */
export function checkClaim(claim: Claim): void {
  if (typeof claim?.client !== 'string' || claim.client === '') {
    throw new TypeError('claim.client: must be a non-empty string');
  }
  if (!Number.isFinite(claim.priority)) throw new TypeError('claim.priority: must be a number');
  if (claim.state !== undefined && claim.state !== 'active' && claim.state !== 'disabled') {
    throw new TypeError("claim.state: must be 'active' or 'disabled'");
  }
  for (const key of ['chargeCurrent', 'maxCurrent'] as const) {
    const amps = claim[key];
    if (amps !== undefined && !(Number.isInteger(amps) && amps >= 6 && amps <= 80)) {
      // `$SC` takes whole amps within the J1772 range (RAPI.md §3.7).
      throw new TypeError(`claim.${key}: must be whole amps from 6 to 80`);
    }
  }
}

/** The highest-priority claim that sets `key` (ties: the claim made first), or null. */
function winner(claims: readonly Claim[], key: 'state' | 'chargeCurrent' | 'maxCurrent') {
  let best: Claim | null = null;
  for (const c of claims) {
    if (c[key] !== undefined && (best === null || c.priority > best.priority)) best = c;
  }
  return best;
}

/**
 * The target of a set of claims, or `null` when nobody claims (then the arbiter leaves the
 * controller alone). Each property is won separately by the highest-priority claim that sets
 * it, ties going to the claim made first; the current is the charge current capped by the
 * maximum (WIFI-API.md §7.3).
 */
export function resolveTarget(claims: Iterable<Claim>): ArbiterTarget | null {
  const all = [...claims];
  if (all.length === 0) return null;
  const top = winner(all, 'state');
  const amps = winner(all, 'chargeCurrent');
  const cap = winner(all, 'maxCurrent');
  const capped =
    cap?.maxCurrent !== undefined &&
    (amps?.chargeCurrent === undefined || cap.maxCurrent < amps.chargeCurrent);
  const current = capped ? cap : amps;
  const chargeCurrent = capped ? cap?.maxCurrent : amps?.chargeCurrent;
  return {
    state: top?.state ?? 'active',
    client: top?.client ?? DEFAULT_CLIENT,
    ...(top?.note === undefined ? {} : { note: top.note }),
    ...(chargeCurrent === undefined || current === null
      ? {}
      : { chargeCurrent, currentClient: current.client }),
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
