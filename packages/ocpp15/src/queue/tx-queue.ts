import { type Journal, openJournal, StoreError } from './journal.js';

/** The transaction-related actions that are queued and delivered in order (STEVE.md §5.2). */
export type TxAction = 'StartTransaction' | 'MeterValues' | 'StopTransaction';

/** A transaction as the charge point knows it; `txRef` is local, `transactionId` from the CS. */
export interface TxRecord {
  readonly txRef: string;
  readonly connectorId: number;
  readonly idTag: string;
  readonly meterStart: number;
  readonly startedAt: string;
  /** Assigned by StartTransaction.conf; null while the Start is still queued. */
  transactionId: number | null;
  /** Highest register value (Wh) queued for this transaction so far. */
  lastWh: number;
  /** True once its StopTransaction is queued. */
  ended: boolean;
}

/** One queued message, payload completed with the resolved `transactionId`. */
export interface QueuedMessage {
  readonly seq: number;
  readonly action: TxAction;
  readonly txRef: string;
  readonly payload: Record<string, unknown>;
}

type Rec =
  | { t: 'begin'; tx: TxRecord }
  | {
      t: 'enq';
      seq: number;
      action: TxAction;
      txRef: string;
      payload: Record<string, unknown>;
      wh?: number;
    }
  | { t: 'ack'; seq: number }
  | { t: 'id'; txRef: string; transactionId: number }
  | { t: 'end'; txRef: string };

/** The durable, ordered queue of transaction messages. */
export interface TxQueue {
  /** Begin a transaction and queue its StartTransaction (one durable write). */
  begin(
    tx: Omit<TxRecord, 'transactionId' | 'lastWh' | 'ended'>,
    payload: Record<string, unknown>,
  ): number;
  /** Queue a MeterValues for a transaction; `wh` is the register value it carries. */
  meter(txRef: string, payload: Record<string, unknown>, wh: number): number;
  /** Queue the StopTransaction and mark the transaction ended. */
  end(txRef: string, payload: Record<string, unknown>): number;
  /**
   * The oldest undelivered message, or undefined. Messages of a transaction that can never
   * get an id (its Start was dropped) are skipped and reported through `onDrop`.
   */
  head(onDrop?: (m: QueuedMessage) => void): QueuedMessage | undefined;
  /** Mark delivered (durably); for StartTransaction pass the id from the .conf. */
  ack(seq: number, transactionId?: number): void;
  /** Transaction by local ref. */
  get(txRef: string): TxRecord | undefined;
  /** Transactions begun and not yet ended (e.g. interrupted by a crash). */
  open(): TxRecord[];
  /** Whether a message of `action` is still undelivered. */
  has(action: TxAction): boolean;
  readonly pending: number;
  close(): void;
}

/** Options of {@link createTxQueue}. */
export interface TxQueueOptions {
  /** Journal file; omit for a memory-only queue (lost with the process). @default undefined */
  readonly file?: string;
  /** Rewrite the journal once it holds this many records. @default 500 */
  readonly compactAfter?: number;
}

/** Open the transaction queue, replaying the journal a previous process left. */
export function createTxQueue(options: TxQueueOptions = {}): TxQueue {
  const journal: Journal | null = options.file ? openJournal(options.file) : null;
  const compactAfter = options.compactAfter ?? 500;
  const txs = new Map<string, TxRecord>();
  const queue: Extract<Rec, { t: 'enq' }>[] = [];
  let nextSeq = 1;
  let written = 0;

  const apply = (r: Rec): void => {
    switch (r.t) {
      case 'begin':
        txs.set(r.tx.txRef, { ...r.tx });
        break;
      case 'enq': {
        queue.push(r);
        nextSeq = Math.max(nextSeq, r.seq + 1);
        const tx = txs.get(r.txRef);
        if (tx && r.wh !== undefined) tx.lastWh = Math.max(tx.lastWh, r.wh);
        break;
      }
      case 'ack': {
        const i = queue.findIndex((q) => q.seq === r.seq);
        if (i >= 0) queue.splice(i, 1);
        break;
      }
      case 'id': {
        const tx = txs.get(r.txRef);
        if (tx) tx.transactionId = r.transactionId;
        break;
      }
      case 'end': {
        const tx = txs.get(r.txRef);
        if (tx) tx.ended = true;
        break;
      }
    }
  };
  for (const r of journal?.records ?? []) {
    if (typeof r !== 'object' || r === null || !('t' in r)) {
      throw new StoreError('CORRUPT', options.file ?? '', `unexpected record ${JSON.stringify(r)}`);
    }
    apply(r as Rec);
    written++;
  }

  const write = (recs: Rec[]): void => {
    journal?.append(recs);
    written += recs.length;
    for (const r of recs) apply(r);
  };

  /** Keep only what is still needed: pending messages and the transactions they refer to. */
  const compact = (): void => {
    const live = new Set(queue.map((q) => q.txRef));
    for (const tx of txs.values()) if (!tx.ended) live.add(tx.txRef);
    for (const ref of [...txs.keys()]) if (!live.has(ref)) txs.delete(ref);
    const recs: Rec[] = [
      ...[...txs.values()].map((tx): Rec => ({ t: 'begin', tx: { ...tx } })),
      ...queue,
    ];
    journal?.rewrite(recs);
    written = recs.length;
  };

  const resolve = (m: Extract<Rec, { t: 'enq' }>): QueuedMessage | null => {
    if (m.action === 'StartTransaction') return { ...m, payload: m.payload };
    const id = txs.get(m.txRef)?.transactionId;
    if (id === null || id === undefined) return null;
    return { ...m, payload: { ...m.payload, transactionId: id } };
  };

  return {
    begin(tx, payload) {
      const seq = nextSeq++;
      const rec: TxRecord = { ...tx, transactionId: null, lastWh: tx.meterStart, ended: false };
      write([
        { t: 'begin', tx: rec },
        { t: 'enq', seq, action: 'StartTransaction', txRef: tx.txRef, payload },
      ]);
      return seq;
    },
    meter(txRef, payload, wh) {
      const seq = nextSeq++;
      write([{ t: 'enq', seq, action: 'MeterValues', txRef, payload, wh }]);
      return seq;
    },
    end(txRef, payload) {
      const seq = nextSeq++;
      const wh = typeof payload['meterStop'] === 'number' ? payload['meterStop'] : undefined;
      write([
        {
          t: 'enq',
          seq,
          action: 'StopTransaction',
          txRef,
          payload,
          ...(wh === undefined ? {} : { wh }),
        },
        { t: 'end', txRef },
      ]);
      return seq;
    },
    head(onDrop) {
      for (;;) {
        const first = queue[0];
        if (!first) return undefined;
        const m = resolve(first);
        if (m) return m;
        // Its Start is no longer queued and never got an id: it can never be delivered.
        const startQueued = queue.some(
          (q) => q.txRef === first.txRef && q.action === 'StartTransaction',
        );
        if (startQueued) return undefined;
        onDrop?.({ ...first });
        write([{ t: 'ack', seq: first.seq }]);
      }
    },
    ack(seq, transactionId) {
      const m = queue.find((q) => q.seq === seq);
      if (!m) return;
      const recs: Rec[] = [{ t: 'ack', seq }];
      if (m.action === 'StartTransaction' && transactionId !== undefined) {
        recs.unshift({ t: 'id', txRef: m.txRef, transactionId });
      }
      write(recs);
      if (written >= compactAfter || (queue.length === 0 && written > 50)) compact();
    },
    get: (txRef) => txs.get(txRef),
    open: () => [...txs.values()].filter((tx) => !tx.ended),
    has: (action) => queue.some((q) => q.action === action),
    get pending() {
      return queue.length;
    },
    close() {
      journal?.close();
    },
  };
}
