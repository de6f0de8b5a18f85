import { OcppCallError } from '../wire/errors.js';
import type { Confirmation } from '../wire/messages.js';
import { backoffDelay } from './connect.js';
import { type Ctx, createWaker, report } from './context.js';

/** The in-order sender of queued transaction messages (internal). */
export interface Delivery {
  /** Something was queued or the link became ready: look at the queue now. */
  kick(): void;
  close(): Promise<void>;
}

/**
 * Deliver the durable queue head first, one at a time, in order (STEVE.md §5.2). A message
 * is acknowledged in the journal only after its CALLRESULT, so a crash before that resends
 * it. Timeouts and lost connections retry without limit; a CALLERROR retries with growing
 * waits and drops the message after `transactionMessageAttempts`. StartTransaction.conf
 * gives the id that later messages of the same transaction carry.
 */
export function startDelivery(
  ctx: Ctx,
  onStartConf: (txRef: string, conf: Confirmation<'StartTransaction'>) => void,
): Delivery {
  const waker = createWaker();
  const backoff = createWaker(); // not woken by kick(): a CALLERROR back-off is not cut short
  const maxAttempts = ctx.opts.transactionMessageAttempts ?? 5;
  let closed = false;

  const loop = async (): Promise<void> => {
    let attempts = 0;
    while (!closed) {
      const ep = ctx.ready$.value;
      const m = ep
        ? ctx.queue.head((d) => ctx.events.next({ type: 'dropped', action: d.action, seq: d.seq }))
        : undefined;
      if (!ep || !m) {
        await waker.sleep(60_000);
        continue;
      }
      try {
        const conf = await ep.call(m.action, m.payload as never);
        if (m.action === 'StartTransaction') {
          const start = conf as Confirmation<'StartTransaction'>;
          ctx.queue.ack(m.seq, start.transactionId);
          onStartConf(m.txRef, start);
        } else {
          ctx.queue.ack(m.seq);
        }
        attempts = 0;
        ctx.events.next({ type: 'delivered', action: m.action, seq: m.seq });
      } catch (error) {
        if (error instanceof TypeError) {
          // Our own payload fails the 1.5 shape: it can never be delivered.
          ctx.queue.ack(m.seq);
          ctx.events.next({ type: 'dropped', action: m.action, seq: m.seq, error });
          continue;
        }
        report(ctx, error);
        if (error instanceof OcppCallError) {
          attempts++;
          if (attempts >= maxAttempts) {
            ctx.queue.ack(m.seq);
            ctx.events.next({ type: 'dropped', action: m.action, seq: m.seq, error });
            attempts = 0;
            continue;
          }
          await backoff.sleep(
            backoffDelay(attempts - 1, { minDelayMs: 1000, maxDelayMs: 60_000, jitter: 0 }),
          );
        } else if (ctx.ready$.value === ep) {
          await waker.sleep(1000); // timeout on a live socket: retry with a fresh id
        }
      }
    }
  };
  const sub = ctx.ready$.subscribe(() => waker.wake());
  const running = loop();
  return {
    kick: () => waker.wake(),
    async close() {
      closed = true;
      sub.unsubscribe();
      waker.wake();
      backoff.wake();
      await running;
    },
  };
}
