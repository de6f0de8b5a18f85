// @ts-check
/**
 * The claims panel: who holds the EVSE (OCPP, manual override, MQTT, a charge limit …), the
 * current limit in force and who set it, and every claim by priority (WIFI-API.md §7).
 */

/** @typedef {{ client: string, priority: number, state?: string, chargeCurrent?: number, maxCurrent?: number }} Claim */
/** @typedef {{ claims: Claim[], target: { state: string, client: string, chargeCurrent?: number, currentClient?: string } | null }} Claims */

/**
 * @param {{ summary: HTMLElement, rows: HTMLElement }} parts
 * @returns {(claims: Claims | null) => void}
 */
export function createClaims({ summary, rows }) {
  return (claims) => {
    rows.replaceChildren();
    if (claims === null || claims.target === null) {
      summary.textContent = 'nobody claims the EVSE';
      return;
    }
    const t = claims.target;
    const current =
      t.chargeCurrent === undefined
        ? 'no current limit'
        : `current limit ${t.chargeCurrent} A (${t.currentClient ?? '?'})`;
    summary.textContent = `${t.state} by ${t.client}; ${current}`;
    const sorted = [...claims.claims].sort((a, b) => b.priority - a.priority);
    for (const c of sorted) {
      const tr = document.createElement('tr');
      const cells = [
        c.client,
        String(c.priority),
        c.state ?? '—',
        c.chargeCurrent === undefined ? '—' : `${c.chargeCurrent} A`,
        c.maxCurrent === undefined ? '—' : `${c.maxCurrent} A`,
      ];
      for (const text of cells) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      if (c.client === t.client) tr.className = 'winner';
      rows.append(tr);
    }
  };
}
