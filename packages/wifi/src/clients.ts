/**
 * The WiFi module's claim clients: numeric id (`vendor << 16 | n`), the arbiter's client name
 * and the priority each claims at (WIFI-API.md §7.1). One table: HTTP, MQTT and the claim
 * book read it.
 */
import { CLAIM_PRIORITY } from '@evse/core';

export interface ClaimClient {
  /** The id the module's API shows (`/claims`, `/claims/target`). */
  readonly id: number;
  /** The arbiter's client name (core's `Claim.client`). */
  readonly name: string;
  /** The priority this client claims at. */
  readonly priority: number;
}

export const CLIENTS = {
  manual: { id: 65537, name: 'manual', priority: CLAIM_PRIORITY.manual },
  timer: { id: 65540, name: 'timer', priority: CLAIM_PRIORITY.timer },
  limit: { id: 65542, name: 'limit', priority: CLAIM_PRIORITY.limit },
  ocpp: { id: 65545, name: 'ocpp', priority: CLAIM_PRIORITY.ocpp },
  rfid: { id: 65546, name: 'rfid', priority: CLAIM_PRIORITY.rfid },
  mqtt: { id: 65547, name: 'mqtt', priority: CLAIM_PRIORITY.api },
} as const satisfies Record<string, ClaimClient>;

/**
 * Core claims the module shows inside one of its own clients' claims. The module's OCPP has
 * ONE claim (65545, 1050) that carries the smart-charging limit as its `charge_current` and is
 * `disabled` when the limit is below `min_current_hard` (WIFI-API.md §7.5); the 1.6 charge point
 * claims smart charging apart, one priority above OCPP's own (`SMART_CLIENT` of @evse/ocpp16,
 * packages/ocpp16/src/charge-point/smart.ts), so the module's view folds it back in.
 */
export const FOLDED_CLIENTS: ReadonlyMap<string, ClaimClient> = new Map([
  ['ocpp-smart', CLIENTS.ocpp],
]);

const byId = new Map<number, ClaimClient>(Object.values(CLIENTS).map((c) => [c.id, c]));
const byName = new Map<string, ClaimClient>(Object.values(CLIENTS).map((c) => [c.name, c]));

/** The arbiter name of client `id` (`client:<id>` for the API's own ids, e.g. evcc's 262145). */
export function clientName(id: number): string {
  return byId.get(id)?.name ?? `client:${id}`;
}

/**
 * The module id whose claim the arbiter client `name` is (the inverse of {@link clientName}),
 * or undefined for a name the module has no claim of its own for (e.g. `ocpp-smart`).
 */
export function clientId(name: string): number | undefined {
  const known = byName.get(name);
  if (known) return known.id;
  const m = /^client:(\d+)$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/**
 * The module id whose claim the module shows `name`'s claim in: its own, or the one it folds
 * into ({@link FOLDED_CLIENTS}); undefined when the module's view has no place for it.
 */
export function shownAs(name: string): number | undefined {
  return clientId(name) ?? FOLDED_CLIENTS.get(name)?.id;
}
