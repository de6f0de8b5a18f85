import type { CentralSystem } from '@evse/ocpp15';
import type { Subscription } from 'rxjs';
import type { Output } from '../io/output.js';
import { createCentralDescriber } from './describe.js';

/**
 * The lines `evse central` starts with: where to connect, who may, which tags, and where
 * the data is kept (the stations the store already knows stay allowed, as in SteVe).
 */
export function describeCentral(
  cs: Omit<CentralSystem, 'call'>,
  options: {
    allow?: readonly string[];
    allowAny?: true;
    basicAuth?: boolean;
    clientCertificates?: boolean;
  },
): string[] {
  const known = [...cs.stations()].map((s) => s.chargeBoxId);
  const listed = [...(options.allow ?? []), ...known.filter((id) => !options.allow?.includes(id))];
  const allowed = options.allowAny
    ? 'any (--allow-any)'
    : listed.length > 0
      ? listed.join(', ')
      : 'none: every charge point is refused (HTTP 404); give --allow ID,… or --allow-any';
  const tx = cs.totals();
  // --tags and, with --db, the tags the database keeps from earlier runs.
  const tags = [...cs.store.tags()]
    .filter(([, spec]) => (spec.status ?? 'Accepted') === 'Accepted')
    .map(([id]) => id);
  const security = [
    ...(options.basicAuth ? ['HTTP Basic auth chargeBoxId:password'] : []),
    ...(options.clientCertificates ? ['a client certificate of --tls-ca'] : []),
  ];
  return [
    `OCPP endpoint ${cs.url}`,
    `Charge points connect to ${cs.url}/<chargeBoxId> (OCPP 1.6J or 1.5J)${security.length > 0 ? `, with ${security.join(' and ')}` : ''}`,
    `Allowed chargeBoxIds: ${allowed}`,
    `Accepted tags: ${tags.length > 0 ? tags.join(', ') : 'none given (unknown tags are Invalid; add --tags)'}`,
    cs.store.durable
      ? `Data kept in ${cs.store.location}: ${known.length} charge points, ${tx.transactions} transactions (${tx.activeTransactions} open)`
      : 'Data kept in memory only: a restart forgets charge points, transactions and meter values (keep them with --db FILE)',
  ];
}

/** How often the live line is recomputed at most, ms. */
export const CENTRAL_STATUS_EVERY_MS = 250;

/**
 * Print the central system's events (lines, or JSON with `json`) and keep a live line with
 * connections, transactions and delivered energy. The live line walks every session and
 * transaction, so it is recomputed at most every CENTRAL_STATUS_EVERY_MS, not per event: per
 * event it made a fleet of 2,000 stations cost the central process 18 s of CPU in 25 s.
 * Unsubscribing draws a pending update at once, so the last line shows the final counts.
 */
export function startCentralDisplay(
  cs: Omit<CentralSystem, 'call'>,
  out: Output,
  options: { json: boolean; prefix?: string },
): Subscription {
  const describe = createCentralDescriber();
  const prefix = options.prefix ?? '';
  let timer: ReturnType<typeof setTimeout> | null = null;
  const draw = (): void => {
    timer = null;
    const totals = cs.totals();
    const connections = cs.connections().length;
    out.status(
      `connections ${connections} | transactions ${totals.activeTransactions} active, ${totals.stoppedTransactions} stopped | ${(totals.energyWh / 1000).toFixed(3)} kWh`,
      `${connections}|${totals.activeTransactions}|${totals.stoppedTransactions}`,
    );
  };
  const sub = cs.events$.subscribe((event) => {
    if (options.json) {
      out.json(event);
      return;
    }
    const line = describe(event);
    if (line) out.line(`${prefix}${line}`);
    if (!prefix && timer === null) timer = setTimeout(draw, CENTRAL_STATUS_EVERY_MS);
  });
  sub.add(() => {
    if (timer === null) return;
    clearTimeout(timer);
    draw();
  });
  return sub;
}
