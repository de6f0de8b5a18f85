import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError, writeFileAtomic } from './journal.js';

/** OCPP 1.5 IdTagInfo as stored in the local list and the authorization cache. */
export interface IdTagInfo {
  status: 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx';
  expiryDate?: string;
  parentIdTag?: string;
}

/** What the charge point keeps across restarts besides the transaction queue. */
export interface PersistedState {
  /** ChangeAvailability per connector id ('0' = the whole charge point). */
  availability: Record<string, 'Operative' | 'Inoperative'>;
  /** SendLocalList: the list version and its entries (an entry without info is removed). */
  localList: { version: number; entries: Record<string, IdTagInfo> };
  /** Authorization cache: the last idTagInfo the central system gave for each tag. */
  authCache: Record<string, IdTagInfo>;
  /** Configuration keys changed by ChangeConfiguration (values as strings, per 1.5). */
  config: Record<string, string>;
}

/** A persisted state file, written atomically on every update. */
export interface StateStore {
  get(): Readonly<PersistedState>;
  /** Mutate and persist (temp file + fsync + rename) before returning. */
  update(mutate: (state: PersistedState) => void): void;
}

const empty = (): PersistedState => ({
  availability: {},
  localList: { version: 0, entries: {} },
  authCache: {},
  config: {},
});

/** Open the state file (memory-only without `file`). A damaged file is a CORRUPT error. */
export function createStateStore(file?: string): StateStore {
  let state = empty();
  if (file && existsSync(file)) {
    try {
      state = { ...state, ...(JSON.parse(readFileSync(file, 'utf8')) as Partial<PersistedState>) };
    } catch (cause) {
      throw new StoreError('CORRUPT', file, 'state file is not valid JSON', { cause });
    }
  }
  if (file) mkdirSync(dirname(file), { recursive: true });
  return {
    get: () => state,
    update(mutate) {
      const next = structuredClone(state);
      mutate(next);
      if (file) writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`);
      state = next;
    },
  };
}
