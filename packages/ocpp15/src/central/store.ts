/**
 * Where the central system keeps what it learns: charge points, tags, transactions and meter
 * values (SteVe's `charge_box`, `ocpp_tag`, `transaction`, `connector_meter_value` tables,
 * STEVE.md §1.8). The business rules read and write through this interface only, so a
 * restart with a durable store (`openSqliteStore`) continues where the last process stopped.
 * Every write returns once it is kept: a CALLRESULT is sent only after it.
 */
import type { MeterValueRecord, StationRecord, TagSpec, TransactionRecord } from './records.js';

/** The central system's data. */
export interface CentralStore {
  /** For people: 'memory', or the database file. */
  readonly location: string;
  /** False when nothing outlives the process. */
  readonly durable: boolean;
  /** A known station, by its exact (registered) chargeBoxId. */
  station(chargeBoxId: string): StationRecord | undefined;
  /** Every known station, in order of first contact. */
  stations(): IterableIterator<StationRecord>;
  /** Record a station, new or changed. */
  saveStation(station: StationRecord): void;
  /** A tag of the tag list. */
  tag(idTag: string): TagSpec | undefined;
  /** The tag list. */
  tags(): ReadonlyMap<string, TagSpec>;
  /** Add or replace tags of the tag list. */
  saveTags(tags: ReadonlyMap<string, TagSpec>): void;
  transaction(transactionId: number): TransactionRecord | undefined;
  transactions(): IterableIterator<TransactionRecord>;
  /** Open transactions of a tag (for ConcurrentTx). */
  activeTransactions(idTag: string): number;
  /**
   * The transaction a StartTransaction with these values already opened: same station,
   * connector, idTag, start instant and meterStart (a Start re-sent after its answer was lost).
   */
  sameStart(start: StartKey): TransactionRecord | undefined;
  /** A fresh transactionId, never handed out before by this store, at least `atLeast`. */
  newTransactionId(atLeast: number): number;
  /** Record a transaction, new or changed. */
  saveTransaction(tx: TransactionRecord): void;
  /** Keep sampled values. */
  addMeterValues(values: readonly MeterValueRecord[]): void;
  /** The newest `limit` sampled values kept, oldest first. */
  meterValues(limit: number): readonly MeterValueRecord[];
  /** Release the store (a durable one closes its file). Idempotent. */
  close(): void;
}

/** What identifies a StartTransaction (SteVe's duplicate check, STEVE.md §1.8). */
export type StartKey = Pick<
  TransactionRecord,
  'chargeBoxId' | 'connectorId' | 'idTag' | 'startTimestamp' | 'meterStart'
>;

/** The start instant in ms, so `…00.000Z` and `…00Z` or another offset are the same start. */
const startKey = (s: StartKey): string =>
  `${s.chargeBoxId}\u0000${s.connectorId}\u0000${s.idTag}\u0000${Date.parse(s.startTimestamp)}\u0000${s.meterStart}`;

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** Sampled values kept, newest first to survive (in memory they would grow without end). @default 100000 */
  readonly maxMeterValues?: number;
}

/** The last `n` items (all of them when there are no more). */
function newest<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  return n === 0 ? [] : items.slice(-n);
}

/**
 * Everything in memory, lost with the process. A class: the SQLite store extends it and
 * keeps these maps as its cache, writing through to the file.
 */
export class MemoryStore implements CentralStore {
  readonly location: string = 'memory';
  readonly durable: boolean = false;
  protected readonly stationMap = new Map<string, StationRecord>();
  protected readonly tagMap = new Map<string, TagSpec>();
  protected readonly txMap = new Map<number, TransactionRecord>();
  /** Open transactions per idTag, and the ids counted there (records change in place). */
  readonly #active = new Map<string, number>();
  readonly #activeIds = new Set<number>();
  /** Transaction id per start (startKey), for {@link CentralStore.sameStart}. */
  readonly #starts = new Map<string, number>();
  #values: MeterValueRecord[] = [];
  protected readonly maxMeterValues: number;
  protected nextTransactionId = 1;

  constructor(options: MemoryStoreOptions = {}) {
    this.maxMeterValues = options.maxMeterValues ?? 100_000;
  }

  station(chargeBoxId: string): StationRecord | undefined {
    return this.stationMap.get(chargeBoxId);
  }

  stations(): IterableIterator<StationRecord> {
    return this.stationMap.values();
  }

  saveStation(station: StationRecord): void {
    this.stationMap.set(station.chargeBoxId, station);
  }

  tag(idTag: string): TagSpec | undefined {
    return this.tagMap.get(idTag);
  }

  tags(): ReadonlyMap<string, TagSpec> {
    return this.tagMap;
  }

  saveTags(tags: ReadonlyMap<string, TagSpec>): void {
    for (const [id, spec] of tags) this.tagMap.set(id, spec);
  }

  transaction(transactionId: number): TransactionRecord | undefined {
    return this.txMap.get(transactionId);
  }

  transactions(): IterableIterator<TransactionRecord> {
    return this.txMap.values();
  }

  activeTransactions(idTag: string): number {
    return this.#active.get(idTag) ?? 0;
  }

  sameStart(start: StartKey): TransactionRecord | undefined {
    const id = this.#starts.get(startKey(start));
    return id === undefined ? undefined : this.txMap.get(id);
  }

  newTransactionId(atLeast: number): number {
    const id = Math.max(this.nextTransactionId, atLeast);
    this.nextTransactionId = id + 1;
    return id;
  }

  saveTransaction(tx: TransactionRecord): void {
    const counted = this.#activeIds.has(tx.transactionId);
    if (counted !== (tx.state === 'active')) {
      if (counted) this.#activeIds.delete(tx.transactionId);
      else this.#activeIds.add(tx.transactionId);
      this.#count(tx.idTag, counted ? -1 : 1);
    }
    if (!this.txMap.has(tx.transactionId)) this.#starts.set(startKey(tx), tx.transactionId);
    this.txMap.set(tx.transactionId, tx);
    this.nextTransactionId = Math.max(this.nextTransactionId, tx.transactionId + 1);
  }

  #count(idTag: string, delta: number): void {
    const n = (this.#active.get(idTag) ?? 0) + delta;
    if (n > 0) this.#active.set(idTag, n);
    else this.#active.delete(idTag);
  }

  addMeterValues(values: readonly MeterValueRecord[]): void {
    this.#values.push(...values);
    // Drop the oldest in batches (a quarter over the limit), so keeping the newest
    // maxMeterValues costs O(1) per value rather than a shift per value.
    const max = this.maxMeterValues;
    if (this.#values.length > max + (max >> 2)) this.#values = newest(this.#values, max);
  }

  meterValues(limit: number): readonly MeterValueRecord[] {
    return newest(this.#values, Math.min(limit, this.maxMeterValues));
  }

  close(): void {}
}

/** A store that keeps everything in memory (the central system's default). */
export function createMemoryStore(options: MemoryStoreOptions = {}): CentralStore {
  return new MemoryStore(options);
}
