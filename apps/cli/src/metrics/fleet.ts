/** `/metrics` of `evse fleet`: the fleet's own counters (@evse/fleet `stats`), read at scrape time. */
import type { Fleet } from '@evse/fleet';
import type { Registry } from 'prom-client';
import { createSurfaceRegistry } from './common.js';

/** The metrics registry of a running fleet. */
export function fleetMetrics(fleet: Fleet): Registry {
  const s = fleet.stats;
  return createSurfaceRegistry('fleet', {
    stations: () => fleet.stateCounts(),
    transactions: () => ({
      started: s.transactionsStarted,
      stopped: s.transactionsStopped,
      active: s.transactionsStarted - s.transactionsStopped,
    }),
    messages: () => s.messagesByAction,
    errors: () => ({
      // Failed driver steps and charge point errors; refused or timed-out connections (which
      // the charge points retry) and refused cards apart (FleetStats).
      station: s.errors,
      connect: s.connectFailures,
      authorization_rejected: s.rejected,
    }),
    queue: () => fleet.queueDepth(),
  });
}
