import type {
  DeliveryEvent,
  IdTagInfo,
  ReconnectOptions,
  RpcTraffic,
  SecurityOptions,
  SetAsideJournal,
  TxAction,
  TxRecord,
} from '@evse/ocppj';
import type { Observable } from 'rxjs';
import type { GateLike, StationLike } from '../station.js';
import type { MappedStatus } from '../status-map.js';
import type { AuthSource } from './auth.js';
import type { ConfigKey } from './config.js';

/**
 * Options of `createChargePoint`. The security profile options (`password`, `ca`, `cert`,
 * `key`; @evse/ocppj `SecurityOptions`) apply to the connection to the central system.
 */
export interface ChargePointOptions extends SecurityOptions {
  /** Central system base URL; the chargeBoxId is appended as the last path segment. */
  readonly url: string;
  /** This charge point's identity (SteVe: non-empty, none of `= / ( ) < >`). */
  readonly chargeBoxId: string;
  /** The station this charge point drives (core's `Station`, or anything with its shape). */
  readonly station: StationLike;
  /**
   * The arbiter of `station` (core's `createArbiter(station)`, already started): the charge
   * point claims `disabled` at OCPP priority until an authorization, then `active` until the
   * transaction ends, so a stock controller idles asleep (FIELD-FIRMWARE.md §1). Without it
   * the charge point makes and starts one itself (then `station` must be core's `Station`)
   * and reports a failed start (`GateError`: the controller cannot be held asleep) on
   * `events$`. @default createArbiter(station)
   */
  readonly arbiter?: GateLike;
  /** BootNotification chargePointVendor (≤ 20 chars). */
  readonly vendor: string;
  /** BootNotification chargePointModel (≤ 20 chars). */
  readonly model: string;
  /** Tag that is always accepted without asking the central system. @default undefined */
  readonly freeVendTag?: string;
  /**
   * Directory for the durable transaction queue (`queue.jsonl`) and state (`state.json`).
   * Without it everything is kept in memory only. @default undefined
   */
  readonly dataDir?: string;
  /** Reconnect back-off, or false to stay closed after a failure. @default {} (see ReconnectOptions) */
  readonly reconnect?: ReconnectOptions | false;
  /** Time the central system has to answer a CALL, ms. @default 30000 */
  readonly callTimeoutMs?: number;
  /** WebSocket handshake timeout, ms. @default 10000 */
  readonly handshakeTimeoutMs?: number;
  /** Initial configuration values (persisted ChangeConfiguration values win). @default {} */
  readonly config?: Partial<Record<ConfigKey, string>>;
  /** Attempts for a transaction message the CS answers with CALLERROR before it is dropped. @default 5 */
  readonly transactionMessageAttempts?: number;
  /** BootNotification retry delay when the CS gives interval 0 or does not answer, ms. @default 30000 */
  readonly bootRetryMs?: number;
}

/** Why a transaction ended. */
export type StopReason =
  | 'Local'
  | 'Remote'
  | 'EVDisconnected'
  | 'DeAuthorized'
  | 'Reset'
  | 'UnlockCommand'
  | 'PowerLoss';

/** Everything the charge point reports (it never logs). */
export type ChargePointEvent =
  /** `protocol`: the negotiated subprotocol, `ocpp1.5` or `ocpp1.6` (OCPP-J §3.1). */
  | { readonly type: 'connected'; readonly url: string; readonly protocol: string }
  | { readonly type: 'disconnected'; readonly code: number; readonly reason: string }
  | { readonly type: 'reconnecting'; readonly delayMs: number; readonly attempt: number }
  | { readonly type: 'error'; readonly error: Error }
  /** BootNotification answered; Accepted is emitted once requests may be sent. */
  | {
      readonly type: 'booted';
      /** `Pending` only from a 1.6 central system (OCPP 1.6 §4.2). */
      readonly status: 'Accepted' | 'Pending' | 'Rejected';
      readonly heartbeatInterval: number;
    }
  | { readonly type: 'clock'; readonly offsetMs: number }
  | { readonly type: 'status'; readonly connectorId: number; readonly status: MappedStatus }
  | {
      readonly type: 'authorized';
      readonly idTag: string;
      readonly info: IdTagInfo;
      readonly source: AuthSource | 'remote';
    }
  | {
      readonly type: 'authorizationRejected';
      readonly idTag: string;
      readonly info: IdTagInfo;
      readonly source: AuthSource;
    }
  | { readonly type: 'authorizationExpired'; readonly idTag: string }
  | { readonly type: 'transactionStarted'; readonly tx: TxRecord }
  | { readonly type: 'transactionId'; readonly txRef: string; readonly transactionId: number }
  | {
      readonly type: 'transactionStopped';
      readonly tx: TxRecord;
      readonly meterStop: number;
      readonly reason: StopReason;
    }
  /** A queued transaction message delivered, or given up (@evse/ocppj's sender). */
  | Exclude<DeliveryEvent, { readonly type: 'error' }>
  | { readonly type: 'request'; readonly action: string; readonly payload: unknown }
  | { readonly type: 'reset'; readonly kind: 'Hard' | 'Soft' }
  | { readonly type: 'firmware'; readonly status: string }
  | { readonly type: 'diagnostics'; readonly status: string; readonly fileName: string };

/** A running OCPP 1.5J charge point. */
export interface ChargePoint {
  /** Connection state as the four WebSocket readyStates: 0 CONNECTING, 1 OPEN, 2 CLOSING, 3 CLOSED. */
  readonly state$: Observable<0 | 1 | 2 | 3>;
  readonly events$: Observable<ChargePointEvent>;
  /** Every OCPP-J frame sent (`tx`) and received (`rx`). */
  readonly traffic$: Observable<RpcTraffic>;
  /** The card-swipe hook: authorize `idTag` (starts, or stops with the same tag). */
  authorize(idTag: string): Promise<IdTagInfo>;
  /** The current transaction and the number of undelivered transaction messages. */
  readonly transactions: {
    current(): TxRecord | null;
    queued(): number;
    /** Undelivered messages per action (what a shutdown now would leave behind). */
    queuedByAction(): Record<TxAction, number>;
    /** A damaged `queue.jsonl` found at start and moved aside (the queue started empty). */
    setAside(): SetAsideJournal | null;
  };
  /** Stop timers, close the socket and the journal; the station is left as it is. */
  close(): Promise<void>;
}
