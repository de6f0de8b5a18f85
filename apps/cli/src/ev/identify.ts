/**
 * What kind of evse server answers at an address, told from its `GET /api/status` reply, so
 * `evse ev` pointed at the wrong one says which it reached (AUDIT-2026-12.md #16).
 */

/** The servers `evse ev` can reach. */
export type ServerKind = 'emulator' | 'bridge' | 'fleet' | 'central' | 'unknown';

/** The kind of server whose `GET /api/status` answered `reply` (null: it answered 404). */
export function kindOfStatus(reply: unknown): ServerKind {
  if (reply === null || typeof reply !== 'object') return 'unknown';
  const r = reply as {
    pilotState?: unknown;
    evseState?: unknown;
    type?: unknown;
    stations?: unknown;
  };
  if (typeof r.pilotState === 'number' && typeof r.evseState === 'number') return 'emulator';
  if ('station' in r && 'queued' in r) return 'bridge';
  if (r.type === 'summary' && typeof r.stations === 'number') return 'fleet';
  return 'unknown';
}

/** What to tell the user who sent an EV action to a server of `kind`. */
export function wrongServer(kind: ServerKind, origin: string): string {
  switch (kind) {
    case 'bridge':
      return `${origin} is an evse bridge for a real or separate station: it has no EV to drive (only \`evse ev authorize\` and \`status\` work there); use the --http address of evse emulate or demo`;
    case 'fleet':
      return `${origin} is the status API of evse fleet: its stations are driven by the scenario, not by evse ev`;
    case 'central':
      return `${origin} is an OCPP central system (evse central): it serves only WebSocket charge points; use the --http address of evse emulate, demo or bridge`;
    case 'emulator':
      return `${origin} is an emulator control API`;
    case 'unknown':
      return `${origin} is not an evse control API (no emulator status at /api/status); use the --http address of evse emulate, demo or bridge`;
  }
}
