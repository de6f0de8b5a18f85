/**
 * Core claims in the module's form: their properties, and the one claim the module shows for
 * a client that other core claims fold into (clients.ts `FOLDED_CLIENTS`, WIFI-API.md §7.5 —
 * the module's OCPP claim carries the smart-charging limit).
 */
import type { Claim } from '@evse/core';
import type { ClaimClient } from './clients.js';
import { type ClaimProperties, propertiesJson, sameProperties } from './properties.js';

/** One claim as the module's API shows it. */
export interface ModuleClaim {
  readonly client: number;
  readonly priority: number;
  readonly properties: ClaimProperties;
}

/** A claim's vote: its priority and properties. */
export interface Vote {
  readonly priority: number;
  readonly properties: ClaimProperties;
}

/** A claim on the arbiter as the module reads it: the id it shows in, if any (clients.ts). */
export interface ShownVote extends Vote {
  readonly client: number | undefined;
}

/** A core claim's properties in the module's form (`auto_release` as given). */
export function coreProperties(claim: Claim, autoRelease: boolean): ClaimProperties {
  return {
    ...(claim.state === undefined ? {} : { state: claim.state }),
    ...(claim.chargeCurrent === undefined ? {} : { charge_current: claim.chargeCurrent }),
    ...(claim.maxCurrent === undefined ? {} : { max_current: claim.maxCurrent }),
    auto_release: autoRelease,
  };
}

/**
 * The vote that sets `key` at the highest priority (ties: the first), or null — how the
 * module's target picks each property (WIFI-API.md §7.3).
 */
function winner<V extends Vote>(
  votes: readonly V[],
  key: 'state' | 'charge_current' | 'max_current',
): V | null {
  let best: V | null = null;
  for (const v of votes) {
    if (v.properties[key] !== undefined && (best === null || v.priority > best.priority)) best = v;
  }
  return best;
}

/**
 * `client`'s claim as the module shows it: its own claim (`own`) with the `folded` core claims
 * laid in, each property from the highest-priority of them that sets it — what the arbiter
 * makes of them. So OCPP's 65545 at 1050 shows the smart-charging limit as `charge_current`,
 * or `state: disabled` while smart charging pauses (WIFI-API.md §7.5). Undefined when neither.
 */
export function foldClaim(
  client: ClaimClient,
  own: ModuleClaim | undefined,
  folded: readonly Claim[],
): ModuleClaim | undefined {
  if (folded.length === 0) return own;
  const votes: Vote[] = [
    ...(own ? [own] : []),
    ...folded.map((c) => ({ priority: c.priority, properties: coreProperties(c, false) })),
  ];
  const state = winner(votes, 'state')?.properties.state;
  const current = winner(votes, 'charge_current')?.properties.charge_current;
  const cap = winner(votes, 'max_current')?.properties.max_current;
  return {
    client: client.id,
    priority: own?.priority ?? client.priority,
    properties: {
      ...(state === undefined ? {} : { state }),
      ...(current === undefined ? {} : { charge_current: current }),
      ...(cap === undefined ? {} : { max_current: cap }),
      auto_release: own?.properties.auto_release ?? false,
    },
  };
}

/** Whether two views of a claim are the same (both none, or same priority and properties). */
export function sameClaim(a: ModuleClaim | undefined, b: ModuleClaim | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.priority === b.priority && sameProperties(a.properties, b.properties);
}

/**
 * `GET /claims/target` (WIFI-API.md §9): the target and, per property, the module id of the
 * winning claim — `votes` being every claim on the arbiter in its order, `target` the arbiter's
 * state and the id of the client that decided it. A key is left out when no claim sets that
 * property, or when the winner has no place in the module's view.
 */
export function targetJson(
  target: { readonly state: 'active' | 'disabled'; readonly client: number | undefined } | null,
  votes: readonly ShownVote[],
): Record<string, unknown> {
  const current = winner(votes, 'charge_current');
  const cap = winner(votes, 'max_current');
  return {
    properties: propertiesJson({
      state: target?.state ?? 'active',
      ...(current ? { charge_current: current.properties.charge_current } : {}),
      ...(cap ? { max_current: cap.properties.max_current } : {}),
      auto_release: false,
    }),
    claims: {
      ...(target?.client === undefined ? {} : { state: target.client }),
      ...(current?.client === undefined ? {} : { charge_current: current.client }),
      ...(cap?.client === undefined ? {} : { max_current: cap.client }),
    },
  };
}
