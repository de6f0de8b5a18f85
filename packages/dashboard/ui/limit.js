// @ts-check
/**
 * The charging-limit panel: the limit smart charging applies now (OCPP 1.6 §3.13), or
 * "no limit"; paused below J1772's 6 A; the profile it comes from and until when it holds.
 */

/** @typedef {{ amps: number, paused: boolean, pilotAmps?: number | null, profile: { id: number, purpose: string, stackLevel: number, connectorId?: number }, until: string | null }} Limit */

/** `2026-12-07T19:00:00.000Z` → `2026-12-07 19:00:00 UTC` (the central system's clock). @param {string} iso */
const utc = (iso) => iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');

/**
 * @param {{ summary: HTMLElement, detail: HTMLElement }} parts
 * @returns {(limit: Limit | null) => void}
 */
export function createLimit({ summary, detail }) {
  return (limit) => {
    if (limit === null) {
      summary.textContent = 'no limit';
      detail.textContent =
        'No charging profile limits the connector: the station’s own current stands.';
      return;
    }
    const pilot =
      limit.pilotAmps === undefined || limit.pilotAmps === null || limit.pilotAmps === limit.amps
        ? ''
        : ` (pilot ${limit.pilotAmps} A)`;
    summary.textContent = limit.paused
      ? `paused: ${limit.amps} A is below 6 A`
      : `${limit.amps} A${pilot}`;
    const p = limit.profile;
    const on = p.connectorId === undefined ? '' : ` on connector ${p.connectorId}`;
    const until = limit.until === null ? 'no end' : `until ${utc(limit.until)}`;
    detail.textContent = `from ${p.purpose} #${p.id}, stack level ${p.stackLevel}${on}; ${until}`;
  };
}
