/**
 * `/metrics` of `evse central`, on its OCPP listen address: frames, transactions and errors
 * counted from the central system's events since this process started; stations (connected
 * or not) and open transactions read from its records at scrape time. No queue: the central
 * system answers at once.
 */
import { messageKind } from '@evse/fleet';
import { type CentralSystem, parseFrame } from '@evse/ocpp15';
import type { Registry } from 'prom-client';
import { createSurfaceRegistry } from './common.js';

/** A central system's registry and the subscription that feeds it. */
export interface CentralMetrics {
  readonly registry: Registry;
  close(): void;
}

/** Start counting for `cs`. */
export function centralMetrics(cs: Omit<CentralSystem, 'call'>): CentralMetrics {
  const messages: Record<'tx' | 'rx', Record<string, number>> = { tx: {}, rx: {} };
  const errors: Record<string, number> = { protocol: 0, handshake_rejected: 0, stop_ignored: 0 };
  const bump = (counts: Record<string, number>, key: string): void => {
    counts[key] = (counts[key] ?? 0) + 1;
  };
  let started = 0;
  let stopped = 0;
  const sub = cs.events$.subscribe((e) => {
    switch (e.type) {
      case 'frame': {
        const parsed = parseFrame(e.text);
        bump(messages[e.direction], messageKind(parsed.ok ? parsed.frame : undefined));
        break;
      }
      case 'transactionStarted':
        started++;
        break;
      case 'transactionStopped':
        stopped++;
        break;
      case 'protocolError':
        bump(errors, 'protocol');
        break;
      case 'handshakeRejected':
        bump(errors, 'handshake_rejected');
        break;
      case 'transactionStopIgnored':
        bump(errors, 'stop_ignored');
        break;
    }
  });
  const registry = createSurfaceRegistry('central', {
    stations() {
      const connected = new Set(cs.connections().map((c) => c.chargeBoxId)).size;
      return { connected, disconnected: Math.max(0, cs.stations().length - connected) };
    },
    transactions: () => ({ started, stopped, active: cs.totals().activeTransactions }),
    messages: () => messages,
    errors: () => errors,
  });
  return { registry, close: () => sub.unsubscribe() };
}
