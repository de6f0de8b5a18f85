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

/**
 * Print the central system's events (lines, or JSON with `json`) and keep a live line with
 * connections, transactions and delivered energy.
 */
export function startCentralDisplay(
  cs: CentralSystem,
  out: Output,
  options: { json: boolean; prefix?: string },
): Subscription {
  const describe = createCentralDescriber();
  const prefix = options.prefix ?? '';
  return cs.events$.subscribe((event) => {
    if (options.json) {
      out.json(event);
      return;
    }
    const line = describe(event);
    if (line) out.line(`${prefix}${line}`);
    const totals = cs.totals();
    if (!prefix) {
      out.status(
        `connections ${cs.connections().length} | transactions ${totals.activeTransactions} active, ${totals.stoppedTransactions} stopped | ${(totals.energyWh / 1000).toFixed(3)} kWh`,
        `${cs.connections().length}|${totals.activeTransactions}|${totals.stoppedTransactions}`,
      );
    }
  });
}
