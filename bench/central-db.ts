/**
 * Read a central system's SQLite file (`evse central --db`) once the central system has
 * stopped (it holds the file with an exclusive lock while it runs). better-sqlite3 is
 * @evse/ocpp15's dependency, so it is loaded from there. The rows hold each record as JSON
 * (packages/ocpp15/src/central/sqlite-store.ts).
 */
import { createRequire } from 'node:module';
import type { CentralTx } from './reconcile.js';

type Db = {
  prepare(sql: string): { all(): unknown[]; get(): unknown };
  close(): void;
};
const require = createRequire(new URL('../packages/ocpp15/package.json', import.meta.url));
const Database = require('better-sqlite3') as new (file: string) => Db;

/** Every transaction in the file, and how many meter values it holds. */
export function readCentralDb(file: string): { transactions: CentralTx[]; meterValues: number } {
  const db = new Database(file);
  try {
    const rows = db.prepare('SELECT data FROM "transaction" ORDER BY transaction_id').all() as {
      data: string;
    }[];
    const values = db.prepare('SELECT count(*) AS n FROM meter_value').get() as { n: number };
    return {
      transactions: rows.map((r) => JSON.parse(r.data) as CentralTx),
      meterValues: values.n,
    };
  } finally {
    db.close();
  }
}
