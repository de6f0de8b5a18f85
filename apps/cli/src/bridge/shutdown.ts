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

/** What `settleQueue` needs from the command. */
export interface SettleOptions {
  /** The --queue directory, if any. */
  readonly queue: string | undefined;
  /** --shutdown-wait, seconds. */
  readonly waitS: number;
  /** Print a line (or its JSON form). */
  readonly say: (line: string, json: Record<string, unknown>) => void;
}

/**
 * At shutdown: with --queue say what stays queued; without it end an open transaction, wait
 * up to --shutdown-wait for the central system, then return what was lost (null: nothing).
 */
export async function settleQueue(
  chargePoint: ChargePoint,
  options: SettleOptions,
): Promise<string | null> {
  const { say } = options;
  if (options.queue !== undefined) {
    const { undelivered, openTransaction } = await drainQueue(chargePoint, 0, () => undefined);
    const n = chargePoint.transactions.queued();
    if (n > 0)
      say(
        `${n} undelivered (${describeCounts(undelivered)}) kept in ${options.queue} for the next start`,
        {
          undelivered,
        },
      );
    if (openTransaction)
      say('The open transaction is ended by the next start (PowerLoss)', { openTransaction });
    return null;
  }
  // Nothing will remember an open transaction after this process: end it now (the same tag
  // again stops it, as a card swipe does), so its StopTransaction is among what is delivered.
  const open = chargePoint.transactions.current();
  if (open) {
    say(`Ending transaction ${open.transactionId ?? '(pending id)'}: the bridge keeps no queue`, {
      ending: open.transactionId,
    });
    await chargePoint.authorize(open.idTag).catch(() => undefined);
  }
  const report = await drainQueue(chargePoint, options.waitS * 1000, (counts) =>
    say(
      `Waiting up to ${options.waitS} s to deliver ${describeCounts(counts)} (Ctrl-C again to give up)`,
      { waiting: counts },
    ),
  );
  const lost = describeCounts(report.undelivered);
  const problems = [
    ...(lost ? [`${lost} not delivered and lost`] : []),
    ...(report.openTransaction
      ? ['the open transaction could not be ended and will stay open at the central system']
      : []),
  ];
  if (problems.length === 0) return null;
  return `${problems.join('; ')} (kept in memory only: run the bridge with --queue DIR to keep them across restarts)`;
}
