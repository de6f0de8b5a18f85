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

const byId = new Map<number, ClaimClient>(Object.values(CLIENTS).map((c) => [c.id, c]));
const byName = new Map<string, ClaimClient>(Object.values(CLIENTS).map((c) => [c.name, c]));

/** The arbiter name of client `id` (`client:<id>` for the API's own ids, e.g. evcc's 262145). */
export function clientName(id: number): string {
  return byId.get(id)?.name ?? `client:${id}`;
}

/** The module id of the arbiter client `name`, or 0 for a name the module has no id for. */
export function clientId(name: string): number {
  const known = byName.get(name);
  if (known) return known.id;
  const m = /^client:(\d+)$/.exec(name);
  return m ? Number(m[1]) : 0;
}
