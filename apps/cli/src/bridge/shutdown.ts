// What the bridge says about undelivered transaction messages: at start when its queue journal
// was damaged, and at shutdown, where a bridge without --queue waits a bounded time to deliver
// what it holds in memory and then names what is lost (audit 2026-12 finding 6; issue 17).
import type { ChargePoint, SetAsideJournal, TxAction } from '@evse/ocpp15';

/** How long a bridge without --queue waits at shutdown for the central system. @default */
export const DEFAULT_SHUTDOWN_WAIT_S = 10;

const ORDER: readonly TxAction[] = ['StartTransaction', 'MeterValues', 'StopTransaction'];

/** "StopTransaction 1, MeterValues 2" for the non-zero counts. */
export function describeCounts(counts: Record<TxAction, number>): string {
  return ORDER.filter((a) => counts[a] > 0)
    .map((a) => `${a} ${counts[a]}`)
    .join(', ');
}

/** The lines for a damaged journal the charge point moved aside (README of @evse/ocpp15). */
export function describeSetAside(s: SetAsideJournal): string[] {
  return [
    `${s.file} was damaged (${s.reason}); it was moved to ${s.movedTo} and the queue starts empty.`,
    `Messages in it that were not delivered are its "enq" lines without an "ack" line of the same "seq": give any StopTransaction among them to the central system's operator, then delete the file.`,
  ];
}

/** What was left when the bridge stopped. */
export interface ShutdownReport {
  /** Undelivered messages per action. */
  readonly undelivered: Record<TxAction, number>;
  /** An open transaction whose StopTransaction was never queued (EV still plugged in). */
  readonly openTransaction: boolean;
}

/**
 * Without a durable queue, wait up to `waitMs` for the undelivered messages to go out (the
 * charge point keeps delivering while the rest of the bridge is still up). `onWait` is told
 * once what it waits for. Resolves with what is still undelivered.
 */
export async function drainQueue(
  chargePoint: ChargePoint,
  waitMs: number,
  onWait: (counts: Record<TxAction, number>) => void,
): Promise<ShutdownReport> {
  const counts = () => chargePoint.transactions.queuedByAction();
  if (chargePoint.transactions.queued() > 0 && waitMs > 0) {
    onWait(counts());
    const end = Date.now() + waitMs;
    while (chargePoint.transactions.queued() > 0 && Date.now() < end)
      await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    undelivered: counts(),
    openTransaction: chargePoint.transactions.current() !== null,
  };
}
