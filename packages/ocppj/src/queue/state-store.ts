import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError, writeFileAtomic } from './journal.js';

/**
 * IdTagInfo as stored in the local list and the authorization cache: the same fields and
 * statuses in OCPP 1.5 and 1.6, so one store serves both versions.
 */
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
  /** Configuration keys changed by ChangeConfiguration (values as strings, as 1.5 and 1.6 carry them). */
  config: Record<string, string>;
  /**
   * The highest energy register (Wh) a transaction started or stopped at: meterStart when the
   * first meter read after a restart fails (the charge point's register.ts).
   */
  lastRegisterWh?: number;
  /**
   * `$GU`'s counters when the open transaction started (the charge point's register.ts, RAPI.md §4.7), so a
   * restart ends it at the register counted from them, also when it began mid-session.
   */
  meterTrack?: { txRef: string; lifetimeWh: number; sessionWh: number; registerWh: number };
  /** OCPP 1.6 smart charging: the installed charging profiles (@evse/ocpp16). */
  chargingProfiles?: unknown[];
}

/** A persisted state file, written atomically on every update. */
export interface StateStore {
  /** False for a memory-only store (nothing outlives the process). */
  readonly durable: boolean;
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

// Every store starts from this one frozen state until its first update (which works on a
// copy, as every update does): a fleet of memory-only stores shares it.
const EMPTY: Readonly<PersistedState> = Object.freeze({
  availability: Object.freeze({}),
  localList: Object.freeze({ version: 0, entries: Object.freeze({}) }),
  authCache: Object.freeze({}),
  config: Object.freeze({}),
});

/**
 * A copy deep enough for an update: updates only ever replace entries of the four sections
 * (or a section itself), never change an IdTagInfo in place, so the sections are copied and
 * their values shared. A tenth of structuredClone's cost (~6 µs, once per Authorize and
 * StartTransaction answer). Unknown top-level keys of an older state file are kept.
 */
const copyState = (s: Readonly<PersistedState>): PersistedState => ({
  ...s,
  availability: { ...s.availability },
  localList: { ...s.localList, entries: { ...s.localList.entries } },
  authCache: { ...s.authCache },
  config: { ...s.config },
});

class Store implements StateStore {
  readonly #file: string | undefined;
  #state: Readonly<PersistedState>;

  constructor(file: string | undefined, state: Readonly<PersistedState>) {
    this.#file = file;
    this.#state = state;
  }

  get durable(): boolean {
    return this.#file !== undefined;
  }

  get(): Readonly<PersistedState> {
    return this.#state;
  }

  update(mutate: (state: PersistedState) => void): void {
    const next = copyState(this.#state);
    mutate(next);
    if (this.#file) writeFileAtomic(this.#file, `${JSON.stringify(next, null, 2)}\n`);
    this.#state = next;
  }
}

/** Open the state file (memory-only without `file`). A damaged file is a CORRUPT error. */
export function createStateStore(file?: string): StateStore {
  let state: Readonly<PersistedState> = EMPTY;
  if (file && existsSync(file)) {
    try {
      state = {
        ...empty(),
        ...(JSON.parse(readFileSync(file, 'utf8')) as Partial<PersistedState>),
      };
    } catch (cause) {
      throw new StoreError('CORRUPT', file, 'state file is not valid JSON', { cause });
    }
  }
  if (file) mkdirSync(dirname(file), { recursive: true });
  return new Store(file || undefined, state);
}
