/**
 * The central system's query API: copies of what the store, the business rules and the
 * registry hold, so a caller can never change them in place.
 */
import type { Business } from './business.js';
import type { CentralSystem } from './central-system.js';
import type { Registry } from './registry.js';
import type { CentralStore } from './store.js';

type Queries = Pick<
  CentralSystem,
  | 'stations'
  | 'connections'
  | 'transactions'
  | 'meterValues'
  | 'totals'
  | 'reservations'
  | 'unknownStations'
>;

export function createQueries(d: {
  readonly store: CentralStore;
  readonly business: Business;
  readonly registry: Registry;
  readonly maxMeterValues: number;
}): Queries {
  const { store, business, registry } = d;
  return {
    stations: () => [...store.stations()].map((s) => ({ ...s, connectors: { ...s.connectors } })),
    connections: () => registry.all().map((s) => s.info),
    transactions: (chargeBoxId) =>
      [...store.transactions()]
        .filter((t) => chargeBoxId === undefined || t.chargeBoxId === chargeBoxId)
        .map((t) => ({ ...t, problems: [...t.problems] })),
    meterValues: (filter = {}) =>
      store
        .meterValues(d.maxMeterValues)
        .filter(
          (m) =>
            (filter.chargeBoxId === undefined || m.chargeBoxId === filter.chargeBoxId) &&
            (filter.transactionId === undefined || m.transactionId === filter.transactionId),
        ),
    totals: (chargeBoxId) => business.totals(chargeBoxId),
    reservations: (chargeBoxId) =>
      business.reservations
        .list()
        .filter((r) => chargeBoxId === undefined || r.chargeBoxId === chargeBoxId),
    unknownStations: () => registry.unknown(),
  };
}
