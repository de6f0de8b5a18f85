import { asError, type StateStore, type TxQueue } from '@evse/ocppj';
import type { GateLike, StationLike } from '../station.js';
import type { CallOptions, RpcEndpoint } from '../wire/rpc.js';
import type { Configuration } from './config.js';
import type { ChargePointEvent, ChargePointOptions } from './types.js';
import type { ChargePointVersion } from './version.js';

/** Shared state of one charge point, passed to its parts (internal). */
export interface Ctx {
  readonly opts: ChargePointOptions;
  /** What this OCPP version does its own way (version.ts). */
  readonly version: ChargePointVersion;
  readonly station: StationLike;
  /** The arbiter the charge point puts its claim on (the only way it gates the station). */
  readonly gate: GateLike;
  readonly config: Configuration;
  readonly store: StateStore;
  readonly queue: TxQueue;
  /** The endpoint once BootNotification was Accepted on the live connection, else null. */
  readonly ready: RpcEndpoint | null;
  /** Milliseconds to add to the local clock (from currentTime in Boot/Heartbeat answers). */
  clockOffsetMs: number;
  /** Emit on events$. */
  emit(event: ChargePointEvent): void;
}

/**
 * Call options for a request the charge point builds itself from checked values (boot,
 * status, heartbeat, authorize, firmware/diagnostics status): valid by construction and
 * built in the schema's key order, so the endpoint's re-validation — which would send the
 * same text — is skipped; test/own-payloads.test.ts holds every such frame to the validator.
 * Queued transaction messages are always validated (they may come from an older journal).
 */
export const OWN_PAYLOAD: CallOptions = Object.freeze({ skipValidation: true });

/** Now, on the clock synced to the central system. */
export const now = (ctx: Ctx): Date => new Date(Date.now() + ctx.clockOffsetMs);

/** UTC timestamp with milliseconds and `Z` (STEVE.md §5.2). */
export const isoNow = (ctx: Ctx): string => now(ctx).toISOString();

/** Adopt the central system's clock from a `currentTime` (any offset; STEVE.md §1.7). */
export function syncClock(ctx: Ctx, currentTime: string): void {
  const t = Date.parse(currentTime);
  if (Number.isNaN(t)) return;
  ctx.clockOffsetMs = t - Date.now();
  ctx.emit({ type: 'clock', offsetMs: ctx.clockOffsetMs });
}

/** Report a failure on events$ (libraries emit, never log). */
export const report = (ctx: Ctx, error: unknown): void => {
  ctx.emit({
    type: 'error',
    error: asError(error),
  });
};
