import type { QueuedMessage } from '../queue/tx-queue.js';
import { OcppCallError } from '../wire/errors.js';
import type { Confirmation } from '../wire/messages.js';
import type { RpcEndpoint } from '../wire/rpc.js';
import { backoffDelay } from './connect.js';
import { type Ctx, report } from './context.js';
import { LongTimer } from './long-timer.js';

/** The in-order sender of queued transaction messages (internal). */
export interface Delivery {
  /** Something was queued or the link became ready (or went away): look at the queue now. */
  kick(): void;
  close(): Promise<void>;
}

/** Told when a StartTransaction.conf arrives (the connector). */
export interface StartConfirmed {
  startConfirmed(txRef: string, conf: Confirmation<'StartTransaction'>): void;
}

/** What a wait of the sender is for: `poll`/`retry` end early on kick(), `backoff` does not. */
type Wait = 'poll' | 'retry' | 'backoff';

const wakeUp = (d: DeliveryImpl): void => d.waited();

/**
 * Deliver the durable queue head first, one at a time, in order (STEVE.md §5.2). A message
 * is acknowledged in the journal only after its CALLRESULT, so a crash before that resends
 * it. Timeouts and lost connections retry without limit; a CALLERROR retries with growing
 * waits and drops the message after `transactionMessageAttempts`. StartTransaction.conf
 * gives the id that later messages of the same transaction carry.
 *
 * Driven by callbacks rather than a loop parked in `await`: an idle station (nothing
 * queued) holds no timer, promise or suspended function, only this object.
 */
class DeliveryImpl implements Delivery {
  readonly #ctx: Ctx;
  readonly #onStart: StartConfirmed;
  #attempts = 0;
  #closed = false;
  /** A CALL is in flight. */
  #busy = false;
  #wait: Wait | null = null;
  #timer: LongTimer<DeliveryImpl> | null = null;
  /** close() waits for the CALL in flight. */
  #settled: (() => void) | null = null;

  constructor(ctx: Ctx, onStart: StartConfirmed) {
    this.#ctx = ctx;
    this.#onStart = onStart;
  }

  kick(): void {
    if (this.#closed || this.#busy || this.#wait === 'backoff') return;
    this.#stopWaiting();
    this.#next();
  }

  /** A wait ran out (internal). */
  waited(): void {
    this.#timer = null;
    this.#wait = null;
    this.#next();
  }

  #sleep(wait: Wait, ms: number): void {
    this.#wait = wait;
    this.#timer = new LongTimer<DeliveryImpl>(wakeUp, this, ms);
  }

  #stopWaiting(): void {
    this.#timer?.cancel();
    this.#timer = null;
    this.#wait = null;
  }

  /** Send the head of the queue, if there is one and the link is ready. */
  #next(): void {
    const ctx = this.#ctx;
    if (this.#closed) return;
    const ep = ctx.ready;
    const m = ep
      ? ctx.queue.head((d) => ctx.emit({ type: 'dropped', action: d.action, seq: d.seq }))
      : undefined;
    if (!ep || !m) {
      // Nothing to send now: a kick (enqueue, link ready) brings us back. Something queued
      // that cannot go yet is looked at again every minute as well.
      if (ctx.queue.pending > 0) this.#sleep('poll', 60_000);
      return;
    }
    this.#busy = true;
    ep.call(m.action, m.payload as never).then(
      (conf) => this.#delivered(ep, m, conf),
      (error: unknown) => this.#failed(ep, m, error),
    );
  }

  #idle(): boolean {
    this.#busy = false;
    if (!this.#closed) return false;
    this.#settled?.();
    return true;
  }

  #delivered(ep: RpcEndpoint, m: QueuedMessage, conf: unknown): void {
    const ctx = this.#ctx;
    try {
      if (m.action === 'StartTransaction') {
        const start = conf as Confirmation<'StartTransaction'>;
        ctx.queue.ack(m.seq, start.transactionId);
        this.#onStart.startConfirmed(m.txRef, start);
      } else {
        ctx.queue.ack(m.seq);
      }
      this.#attempts = 0;
      ctx.emit({ type: 'delivered', action: m.action, seq: m.seq });
    } catch (error) {
      this.#failed(ep, m, error); // e.g. the journal could not be written
      return;
    }
    if (!this.#idle()) this.#next();
  }

  #failed(ep: RpcEndpoint, m: QueuedMessage, error: unknown): void {
    const ctx = this.#ctx;
    if (error instanceof TypeError) {
      // Our own payload fails the 1.5 shape: it can never be delivered.
      ctx.queue.ack(m.seq);
      ctx.emit({ type: 'dropped', action: m.action, seq: m.seq, error });
      if (!this.#idle()) this.#next();
      return;
    }
    report(ctx, error);
    if (this.#idle()) return;
    if (error instanceof OcppCallError) {
      this.#attempts++;
      if (this.#attempts >= (ctx.opts.transactionMessageAttempts ?? 5)) {
        ctx.queue.ack(m.seq);
        ctx.emit({ type: 'dropped', action: m.action, seq: m.seq, error });
        this.#attempts = 0;
        this.#next();
        return;
      }
      this.#sleep(
        'backoff',
        backoffDelay(this.#attempts - 1, { minDelayMs: 1000, maxDelayMs: 60_000, jitter: 0 }),
      );
    } else if (ctx.ready === ep) {
      this.#sleep('retry', 1000); // timeout on a live socket: retry with a fresh id
    } else {
      this.#next();
    }
  }

  close(): Promise<void> {
    this.#closed = true;
    this.#stopWaiting();
    if (!this.#busy) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.#settled = resolve;
    });
  }
}

/** Start the sender of queued transaction messages (internal). */
export function startDelivery(ctx: Ctx, onStart: StartConfirmed): Delivery {
  const delivery = new DeliveryImpl(ctx, onStart);
  delivery.kick();
  return delivery;
}
