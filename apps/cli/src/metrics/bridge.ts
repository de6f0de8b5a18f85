/**
 * `/metrics` of `evse bridge`: one station and its charge point. Frames, transactions and
 * errors are counted from the charge point's streams (subscribe before it connects, so the
 * BootNotification is counted); the state, open transaction and queue are read at scrape time.
 */
import type { Station } from '@evse/core';
import { messageKind } from '@evse/fleet';
import { type ChargePoint, OcppConnectError } from '@evse/ocpp15';
import type { Registry } from 'prom-client';
import { Subscription } from 'rxjs';
import { createSurfaceRegistry } from './common.js';

/** A bridge's registry and the subscriptions that feed it. */
export interface BridgeMetrics {
  readonly registry: Registry;
  close(): void;
}

/** Start counting for the bridge of `station` through `chargePoint`. */
export function bridgeMetrics(station: Station, chargePoint: ChargePoint): BridgeMetrics {
  const messages: Record<'tx' | 'rx', Record<string, number>> = { tx: {}, rx: {} };
  const errors: Record<string, number> = { connect: 0, charge_point: 0 };
  let started = 0;
  let stopped = 0;
  const subs = new Subscription();
  subs.add(
    chargePoint.traffic$.subscribe((t) => {
      const kind = messageKind(t.frame);
      const counts = messages[t.direction];
      counts[kind] = (counts[kind] ?? 0) + 1;
    }),
  );
  subs.add(
    chargePoint.events$.subscribe((e) => {
      if (e.type === 'transactionStarted') started++;
      else if (e.type === 'transactionStopped') stopped++;
      else if (e.type === 'error') {
        // A refused connection is retried by the charge point: counted apart from the rest.
        if (e.error instanceof OcppConnectError) errors['connect'] = (errors['connect'] ?? 0) + 1;
        else errors['charge_point'] = (errors['charge_point'] ?? 0) + 1;
      }
    }),
  );
  const registry = createSurfaceRegistry('bridge', {
    stations: () => ({ [station.getStatus().state]: 1 }),
    transactions: () => ({
      started,
      stopped,
      active: chargePoint.transactions.current() === null ? 0 : 1,
    }),
    messages: () => messages,
    errors: () => errors,
    queue: () => chargePoint.transactions.queued(),
  });
  return { registry, close: () => subs.unsubscribe() };
}
