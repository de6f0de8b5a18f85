import { backoffDelay } from '../connect/connect.js';
import { LongTimer } from '../connect/long-timer.js';
import { asError, OcppCallError } from '../wire/errors.js';
import type { QueuedMessage, TxAction, TxQueue } from './tx-queue.js';

/** The in-order sender of queued transaction messages. */
export interface Delivery {
  /** Something was queued or the link became ready (or went away): look at the queue now. */
  kick(): void;
  close(): Promise<void>;
}

/** Told when a StartTransaction.conf arrives (the charge point's connector). */
export interface StartConfirmed<C extends { readonly transactionId: number }> {
  startConfirmed(txRef: string, conf: C): void;
}

/** What the sender reports: a message delivered or given up, and every failure. */
export type DeliveryEvent =
  | { readonly type: 'delivered'; readonly action: TxAction; readonly seq: number }
  | {
      readonly type: 'dropped';
      readonly action: TxAction;
      readonly seq: number;
      readonly error?: Error;
    }
  | { readonly type: 'error'; readonly error: Error };

/** The endpoint the sender calls: any version's, as long as it sends the three actions. */
export interface DeliveryEndpoint {
  call(action: TxAction, payload: never): Promise<unknown>;
}

/** What the sender needs from its charge point (any OCPP version). */
export interface DeliveryHost {
  readonly queue: TxQueue;
  /** The endpoint once the boot was accepted on the live connection, else null. */
  readonly ready: DeliveryEndpoint | null;
  readonly opts: {
    /** CALLERROR answers to one message before it is dropped. @default 5 */
    readonly transactionMessageAttempts?: number;
  };
  emit(event: DeliveryEvent): void;
}

const report = (host: DeliveryHost, error: unknown): void =>
  host.emit({ type: 'error', error: asError(error) });

/** What a wait of the sender is for: `poll`/`retry` end early on kick(), `backoff` does not. */
type Wait = 'poll' | 'retry' | 'backoff';

const wakeUp = (d: { waited(): void }): void => d.waited();

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
class DeliveryImpl<C extends { readonly transactionId: number }> implements Delivery {
  readonly #ctx: DeliveryHost;
  readonly #onStart: StartConfirmed<C>;
  #attempts = 0;
  #closed = false;
  /** A CALL is in flight. */
  #busy = false;
  #wait: Wait | null = null;
  #timer: LongTimer<DeliveryImpl<C>> | null = null;
  /** close() waits for the CALL in flight. */
  #settled: (() => void) | null = null;

  constructor(ctx: DeliveryHost, onStart: StartConfirmed<C>) {
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
    this.#timer = new LongTimer<DeliveryImpl<C>>(wakeUp, this, ms);
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

  #delivered(ep: DeliveryEndpoint, m: QueuedMessage, conf: unknown): void {
    const ctx = this.#ctx;
    try {
      if (m.action === 'StartTransaction') {
        const start = conf as C;
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

  #failed(ep: DeliveryEndpoint, m: QueuedMessage, error: unknown): void {
    const ctx = this.#ctx;
    if (error instanceof TypeError) {
      // Our own payload fails the version's shape: it can never be delivered.
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

/** Start the sender of queued transaction messages. */
export function startDelivery<C extends { readonly transactionId: number }>(
  ctx: DeliveryHost,
  onStart: StartConfirmed<C>,
): Delivery {
  const delivery = new DeliveryImpl(ctx, onStart);
  delivery.kick();
  return delivery;
}
