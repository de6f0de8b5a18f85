/**
 * Charge limits (WIFI-API.md §10): `{type, value, auto_release}`; when reached while charging
 * the Limit client claims `disabled` at 1100, above OCPP; at the end of the session its claim
 * goes and an auto-release limit is cleared.
 */
import type { ClaimBook } from './claims.js';
import { CLIENTS } from './clients.js';
import { isObject } from './properties.js';

export type LimitType = 'time' | 'energy' | 'soc' | 'range';

export interface Limit {
  readonly type: LimitType;
  /** Minutes (time), Wh (energy), % (soc), km or miles (range). */
  readonly value: number;
  readonly auto_release: boolean;
}

const TYPES: Record<string, LimitType> = { t: 'time', e: 'energy', s: 'soc', r: 'range' };

/** The limit in a `POST /limit` body, or null when it is not one (only the first letter counts). */
export function readLimit(body: unknown): Limit | null {
  if (!isObject(body)) return null;
  const type = typeof body['type'] === 'string' ? TYPES[body['type'].charAt(0)] : undefined;
  const value = body['value'];
  if (type === undefined || typeof value !== 'number' || !(value > 0)) return null;
  const release = body['auto_release'];
  return { type, value: Math.trunc(value), auto_release: release !== false };
}

export interface LimitKeeper {
  get(): Limit | null;
  set(limit: Limit): void;
  /** False when there was none. */
  clear(): boolean;
  readonly version: number;
  /** Claim `disabled` once the limit is reached while charging. */
  check(session: { charging: boolean; elapsedS: number; energyWh: number }): void;
  /** The EV left: release the claim, clear an auto-release limit. */
  sessionEnded(): void;
}

export function createLimitKeeper(book: ClaimBook, onChange: () => void): LimitKeeper {
  let limit: Limit | null = null;
  let version = 0;
  const changed = () => {
    version = (version + 1) & 0xff;
    onChange();
  };
  return {
    get: () => limit,
    set(next) {
      limit = next;
      changed();
    },
    clear() {
      if (limit === null) return false;
      limit = null;
      book.drop(CLIENTS.limit.id);
      changed();
      return true;
    },
    get version() {
      return version;
    },
    check({ charging, elapsedS, energyWh }) {
      if (limit === null || !charging) return;
      const reached =
        (limit.type === 'time' && elapsedS >= limit.value * 60) ||
        (limit.type === 'energy' && energyWh >= limit.value);
      if (reached) {
        book.put(
          CLIENTS.limit.id,
          { state: 'disabled', auto_release: true },
          CLIENTS.limit.priority,
        );
      }
    },
    sessionEnded() {
      book.drop(CLIENTS.limit.id);
      if (limit?.auto_release) {
        limit = null;
        changed();
      }
    },
  };
}
