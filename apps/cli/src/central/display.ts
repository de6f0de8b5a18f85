import type { CentralSystem } from '@evse/ocpp15';
import type { Subscription } from 'rxjs';
import type { Output } from '../io/output.js';
import { createCentralDescriber } from './describe.js';

/** The lines `evse central` (and `evse demo`) start with: where to connect, who may. */
export function describeCentral(
  cs: CentralSystem,
  options: { allow?: readonly string[]; tags?: readonly string[] },
): string[] {
  return [
    `OCPP endpoint ${cs.url}`,
    `Charge points connect to ${cs.url}/<chargeBoxId>`,
    `Allowed chargeBoxIds: ${options.allow?.length ? options.allow.join(', ') : 'any'}`,
    `Accepted tags: ${options.tags?.length ? options.tags.join(', ') : 'none (every tag is Invalid; add --tags)'}`,
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
  cs: CentralSystem,
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
