/**
 * The central system's store in a SQLite file (better-sqlite3 12, synchronous): the whole
 * file is read into the memory store at open, and every change is written through before the
 * call returns (WAL, synchronous=FULL: committed means on disk), so a CALLRESULT is only
 * sent for what a restart will find again. Tables after SteVe's (STEVE.md §1.8); each row
 * keeps its record as JSON next to the columns it is looked up by.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { MeterValueRecord, StationRecord, TagSpec, TransactionRecord } from './records.js';
import { type CentralStore, MemoryStore, type MemoryStoreOptions } from './store.js';

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS charge_box (
  charge_box_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ocpp_tag (id_tag TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS "transaction" (
  transaction_id INTEGER PRIMARY KEY, charge_box_id TEXT NOT NULL, id_tag TEXT NOT NULL,
  state TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meter_value (
  id INTEGER PRIMARY KEY AUTOINCREMENT, charge_box_id TEXT NOT NULL,
  transaction_id INTEGER, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS meter_value_tx ON meter_value (transaction_id);
`;

/** A station as stored: sessions are not (nobody is connected after a restart). */
type StoredStation = Omit<StationRecord, 'sessions' | 'lastHeartbeat'> & {
  lastHeartbeat?: string;
};

class SqliteStore extends MemoryStore {
  override readonly location: string;
  override readonly durable = true;
  readonly #db: Database.Database;
  readonly #put: {
    station: Database.Statement;
    tag: Database.Statement;
    tx: Database.Statement;
    value: Database.Statement;
  };
  #seq = 0;
  #closed = false;

  constructor(file: string, options: MemoryStoreOptions) {
    super(options);
    this.location = file;
    mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    this.#db = db;
    try {
      // One central system per file: a second process gets "database is locked" at open
      // instead of both writing transactions the other never sees.
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec(SCHEMA);
      const version = db.prepare('SELECT value FROM meta WHERE key = ?').get('schema') as
        | { value: string }
        | undefined;
      if (version === undefined)
        db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(
          'schema',
          String(SCHEMA_VERSION),
        );
      else if (Number(version.value) !== SCHEMA_VERSION)
        throw new Error(`schema version ${version.value}, this program reads ${SCHEMA_VERSION}`);
      this.#load();
    } catch (error) {
      db.close();
      throw error;
    }
    this.#put = {
      station: db.prepare(
        'INSERT INTO charge_box (charge_box_id, seq, data) VALUES (?, ?, ?) ON CONFLICT (charge_box_id) DO UPDATE SET data = excluded.data',
      ),
      tag: db.prepare(
        'INSERT INTO ocpp_tag (id_tag, data) VALUES (?, ?) ON CONFLICT (id_tag) DO UPDATE SET data = excluded.data',
      ),
      tx: db.prepare(
        'INSERT INTO "transaction" (transaction_id, charge_box_id, id_tag, state, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT (transaction_id) DO UPDATE SET state = excluded.state, data = excluded.data',
      ),
      value: db.prepare(
        'INSERT INTO meter_value (charge_box_id, transaction_id, data) VALUES (?, ?, ?)',
      ),
    };
  }

  /** Fill the memory store from the file (through super: nothing is written back). */
  #load(): void {
    const db = this.#db;
    type Row = { data: string };
    for (const row of db.prepare('SELECT seq, data FROM charge_box ORDER BY seq').all() as (Row & {
      seq: number;
    })[]) {
      const s = JSON.parse(row.data) as StoredStation;
      const { lastHeartbeat, ...rest } = s;
      super.saveStation({
        ...rest,
        sessions: 0,
        ...(lastHeartbeat === undefined ? {} : { lastHeartbeat: new Date(lastHeartbeat) }),
      });
      this.#seq = Math.max(this.#seq, row.seq);
    }
    const tags = new Map<string, TagSpec>();
    for (const row of db.prepare('SELECT id_tag, data FROM ocpp_tag').all() as (Row & {
      id_tag: string;
    })[])
      tags.set(row.id_tag, JSON.parse(row.data) as TagSpec);
    super.saveTags(tags);
    for (const row of db
      .prepare('SELECT data FROM "transaction" ORDER BY transaction_id')
      .all() as Row[])
      super.saveTransaction(JSON.parse(row.data) as TransactionRecord);
    const newest = db
      .prepare('SELECT data FROM meter_value ORDER BY id DESC LIMIT ?')
      .all(this.maxMeterValues) as Row[];
    super.addMeterValues(newest.reverse().map((r) => JSON.parse(r.data) as MeterValueRecord));
  }

  override saveStation(station: StationRecord): void {
    const { sessions: _sessions, lastHeartbeat, ...rest } = station;
    const stored: StoredStation = {
      ...rest,
      ...(lastHeartbeat === undefined ? {} : { lastHeartbeat: lastHeartbeat.toISOString() }),
    };
    this.#put.station.run(station.chargeBoxId, ++this.#seq, JSON.stringify(stored));
    super.saveStation(station);
  }

  override saveTags(tags: ReadonlyMap<string, TagSpec>): void {
    this.#db.transaction(() => {
      for (const [id, spec] of tags) {
        const expiry = spec.expiryDate;
        const stored =
          expiry instanceof Date ? { ...spec, expiryDate: expiry.toISOString() } : spec;
        this.#put.tag.run(id, JSON.stringify(stored));
      }
    })();
    super.saveTags(tags);
  }

  override saveTransaction(tx: TransactionRecord): void {
    this.#put.tx.run(tx.transactionId, tx.chargeBoxId, tx.idTag, tx.state, JSON.stringify(tx));
    super.saveTransaction(tx);
  }

  override addMeterValues(values: readonly MeterValueRecord[]): void {
    if (values.length === 0) return;
    this.#db.transaction(() => {
      for (const v of values)
        this.#put.value.run(v.chargeBoxId, v.transactionId, JSON.stringify(v));
    })();
    super.addMeterValues(values);
  }

  override close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }
}

/**
 * Open (or create) a SQLite file as the central system's store. Throws when the file cannot
 * be opened or is not one of ours (e.g. `SqliteError: file is not a database`).
 */
export function openSqliteStore(file: string, options: MemoryStoreOptions = {}): CentralStore {
  return new SqliteStore(file, options);
}
