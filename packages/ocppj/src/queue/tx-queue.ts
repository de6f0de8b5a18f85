import {
  type Journal,
  moveAside,
  openJournal,
  type SetAsideJournal,
  StoreError,
} from './journal.js';

export type { SetAsideJournal } from './journal.js';

/**
 * The transaction-related actions that are queued and delivered in order (STEVE.md §5.2).
 * OCPP 1.5 and 1.6 name them alike and carry `transactionId`/`meterStop` alike, so the
 * queue and its exactly-once-after-ack journal serve both versions unchanged.
 */
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

/**
 * Journal records. Every operation of the queue is ONE record, hence one line: a crash or a
 * cut at any byte leaves either the whole operation or none of it (the torn last line is
 * dropped). A begin carries its StartTransaction, a StopTransaction enq ends its transaction,
 * an ack carries the transactionId of the Start it acknowledges (audit 2026-12 finding 32: a
 * Stop and a separate `end` record could be split by a cut, and the transaction was then
 * recovered as open and stopped twice). `id` and `end` records and a begin without `seq` are
 * what earlier versions wrote; they are still read.
 */
type Rec =
  | { t: 'begin'; tx: TxRecord; seq?: number; payload?: Record<string, unknown> }
  | {
      t: 'enq';
      seq: number;
      action: TxAction;
      txRef: string;
      payload: Record<string, unknown>;
      wh?: number;
    }
  | { t: 'ack'; seq: number; id?: number }
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
  /** Undelivered messages per action. */
  pendingByAction(): Record<TxAction, number>;
  readonly pending: number;
  /** A damaged journal found at open and moved aside (the queue then starts empty). */
  readonly setAside: SetAsideJournal | null;
  close(): void;
}

/** Options of {@link createTxQueue}. */
export interface TxQueueOptions {
  /** Journal file; omit for a memory-only queue (lost with the process). @default undefined */
  readonly file?: string;
  /** Rewrite the journal once it holds this many records. @default 500 */
  readonly compactAfter?: number;
}

type Enq = Extract<Rec, { t: 'enq' }>;
const NO_TXS: ReadonlyMap<string, TxRecord> = new Map();

/**
 * The queue. A class with its collections created on first use: a fleet station that never
 * charged holds none, and without a journal nothing touches the disk.
 */
class Queue implements TxQueue {
  readonly #journal: Journal | null;
  readonly #file: string;
  readonly setAside: SetAsideJournal | null = null;
  readonly #compactAfter: number;
  #txs: Map<string, TxRecord> | null = null;
  #queue: Enq[] | null = null;
  #nextSeq = 1;
  #written = 0;

  constructor(options: TxQueueOptions) {
    this.#file = options.file ?? '';
    this.#compactAfter = options.compactAfter ?? 500;
    let journal: Journal | null = null;
    if (options.file) {
      try {
        journal = openJournal(options.file, checkRecord);
      } catch (error) {
        if (!(error instanceof StoreError) || error.code !== 'CORRUPT') throw error;
        // Replaying a damaged journal could send a message twice or skip one: keep it whole
        // for a person to look at and start empty (README "Reliability and durability").
        this.setAside = moveAside(options.file, error);
        journal = openJournal(options.file, checkRecord);
      }
    }
    this.#journal = journal;
    for (const r of journal?.records ?? []) {
      this.#apply(r as Rec);
      this.#written++;
    }
  }

  #apply(r: Rec): void {
    switch (r.t) {
      case 'begin':
        this.#txs ??= new Map();
        this.#txs.set(r.tx.txRef, { ...r.tx });
        if (r.seq !== undefined && r.payload !== undefined)
          this.#enqueue({
            t: 'enq',
            seq: r.seq,
            action: 'StartTransaction',
            txRef: r.tx.txRef,
            payload: r.payload,
          });
        break;
      case 'enq':
        this.#enqueue(r);
        break;
      case 'ack': {
        const queue = this.#queue;
        const i = queue ? queue.findIndex((q) => q.seq === r.seq) : -1;
        if (!queue || i < 0) break;
        const [m] = queue.splice(i, 1);
        const tx = m && r.id !== undefined ? this.#txs?.get(m.txRef) : undefined;
        if (tx && r.id !== undefined) tx.transactionId = r.id;
        if (m) this.#forgetIfDone(m.txRef);
        break;
      }
      case 'id': {
        const tx = this.#txs?.get(r.txRef);
        if (tx) tx.transactionId = r.transactionId;
        break;
      }
      case 'end': {
        const tx = this.#txs?.get(r.txRef);
        if (tx) tx.ended = true;
        break;
      }
    }
  }

  /**
   * An ended transaction none of whose messages is still queued is not needed any more (what
   * `#compact` drops from the journal): forget it now, or a station that seldom fills the
   * journal keeps every past transaction in memory (the soak's heap snapshots, reliability.md).
   */
  #forgetIfDone(txRef: string): void {
    const tx = this.#txs?.get(txRef);
    if (!tx?.ended || this.#queue?.some((q) => q.txRef === txRef)) return;
    this.#txs?.delete(txRef);
  }

  #enqueue(r: Enq): void {
    this.#queue ??= [];
    this.#queue.push(r);
    this.#nextSeq = Math.max(this.#nextSeq, r.seq + 1);
    const tx = this.#txs?.get(r.txRef);
    if (!tx) return;
    if (r.wh !== undefined) tx.lastWh = Math.max(tx.lastWh, r.wh);
    // The queued Stop is what ends the transaction: no later record has to say so.
    if (r.action === 'StopTransaction') tx.ended = true;
  }

  #write(recs: Rec[]): void {
    this.#journal?.append(recs);
    this.#written += recs.length;
    for (const r of recs) this.#apply(r);
  }

  /** Keep only what is still needed: pending messages and the transactions they refer to. */
  #compact(): void {
    const queue = this.#queue ?? [];
    const txs = this.#txs;
    if (txs) {
      const live = new Set(queue.map((q) => q.txRef));
      for (const tx of txs.values()) if (!tx.ended) live.add(tx.txRef);
      for (const ref of [...txs.keys()]) if (!live.has(ref)) txs.delete(ref);
    }
    const begins = txs ? [...txs.values()].map((tx): Rec => ({ t: 'begin', tx: { ...tx } })) : [];
    // Without a journal the records are only counted (nothing to rewrite).
    if (this.#journal) this.#journal.rewrite([...begins, ...queue]);
    this.#written = begins.length + queue.length;
  }

  #resolve(m: Enq): QueuedMessage | null {
    if (m.action === 'StartTransaction') return { ...m, payload: m.payload };
    const id = this.#txs?.get(m.txRef)?.transactionId;
    if (id === null || id === undefined) return null;
    return { ...m, payload: { ...m.payload, transactionId: id } };
  }

  begin(
    tx: Omit<TxRecord, 'transactionId' | 'lastWh' | 'ended'>,
    payload: Record<string, unknown>,
  ): number {
    const seq = this.#nextSeq++;
    const rec: TxRecord = { ...tx, transactionId: null, lastWh: tx.meterStart, ended: false };
    this.#write([{ t: 'begin', tx: rec, seq, payload }]);
    return seq;
  }

  meter(txRef: string, payload: Record<string, unknown>, wh: number): number {
    const seq = this.#nextSeq++;
    this.#write([{ t: 'enq', seq, action: 'MeterValues', txRef, payload, wh }]);
    return seq;
  }

  end(txRef: string, payload: Record<string, unknown>): number {
    const seq = this.#nextSeq++;
    const wh = typeof payload['meterStop'] === 'number' ? payload['meterStop'] : undefined;
    this.#write([
      {
        t: 'enq',
        seq,
        action: 'StopTransaction',
        txRef,
        payload,
        ...(wh === undefined ? {} : { wh }),
      },
    ]);
    return seq;
  }

  head(onDrop?: (m: QueuedMessage) => void): QueuedMessage | undefined {
    for (;;) {
      const queue = this.#queue;
      const first = queue?.[0];
      if (!queue || !first) return undefined;
      const m = this.#resolve(first);
      if (m) return m;
      // Its Start is no longer queued and never got an id: it can never be delivered.
      const startQueued = queue.some(
        (q) => q.txRef === first.txRef && q.action === 'StartTransaction',
      );
      if (startQueued) return undefined;
      onDrop?.({ ...first });
      this.#write([{ t: 'ack', seq: first.seq }]);
    }
  }

  ack(seq: number, transactionId?: number): void {
    const queue = this.#queue;
    const m = queue?.find((q) => q.seq === seq);
    if (!queue || !m) return;
    const withId = m.action === 'StartTransaction' && transactionId !== undefined;
    this.#write([withId ? { t: 'ack', seq, id: transactionId } : { t: 'ack', seq }]);
    if (this.#written >= this.#compactAfter || (queue.length === 0 && this.#written > 50))
      this.#compact();
  }

  get(txRef: string): TxRecord | undefined {
    return this.#txs?.get(txRef);
  }

  open(): TxRecord[] {
    return [...(this.#txs ?? NO_TXS).values()].filter((tx) => !tx.ended);
  }

  has(action: TxAction): boolean {
    return this.#queue?.some((q) => q.action === action) ?? false;
  }

  pendingByAction(): Record<TxAction, number> {
    const counts = { StartTransaction: 0, MeterValues: 0, StopTransaction: 0 };
    for (const q of this.#queue ?? []) counts[q.action]++;
    return counts;
  }

  get pending(): number {
    return this.#queue?.length ?? 0;
  }

  close(): void {
    this.#journal?.close();
  }
}

/** A record must be an object with a `t` field; anything else is damage from outside. */
function checkRecord(r: unknown): string | null {
  return typeof r === 'object' && r !== null && 't' in r ? null : 'is not a queue record';
}

/** Open the transaction queue, replaying the journal a previous process left. */
export function createTxQueue(options: TxQueueOptions = {}): TxQueue {
  return new Queue(options);
}
