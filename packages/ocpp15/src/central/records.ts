/** The data the central system records, for tests and operators to assert against. */
import type {
  AuthorizationStatus,
  ChargePointErrorCode,
  ChargePointStatus,
} from '../wire/enums.js';
import type { BootNotificationReq } from '../wire/messages.js';

/** A tag of the configured tag list (SteVe's `ocpp_tag` table, STEVE.md §1.8). */
export interface TagSpec {
  /** Blocked/Expired/Invalid tags are answered with that status. @default 'Accepted' */
  readonly status?: 'Accepted' | 'Blocked' | 'Expired' | 'Invalid';
  /** The tag's expiry; past → `Expired`. @default now + expiryHours */
  readonly expiryDate?: Date | string;
  /** Sent as `idTagInfo.parentIdTag`. */
  readonly parentIdTag?: string;
  /** Open transactions allowed before StartTransaction gets `ConcurrentTx`. @default 1 */
  readonly maxActiveTransactions?: number;
}

/** A transaction as the central system saw it. */
export interface TransactionRecord {
  readonly transactionId: number;
  readonly chargeBoxId: string;
  readonly connectorId: number;
  readonly idTag: string;
  /** The `idTagInfo.status` StartTransaction.conf carried. */
  readonly startStatus: AuthorizationStatus;
  readonly startTimestamp: string;
  readonly meterStart: number;
  readonly reservationId?: number;
  /** `active` until a StopTransaction; `failed` when the stop broke a sanity rule (STEVE.md §1.8). */
  state: 'active' | 'stopped' | 'failed';
  stopTimestamp?: string;
  meterStop?: number;
  stopIdTag?: string;
  /** StopTransaction's `reason` (OCPP 1.6 only; absent = `Local`). */
  stopReason?: string;
  /** meterStop − meterStart in Wh, for a valid stop; null otherwise. */
  energyWh: number | null;
  /** Why the stop was marked failed. */
  readonly problems: string[];
}

/** One stored sampled value (units `Amp`/`Volt` stored as `A`/`V`, STEVE.md §1.8). */
export interface MeterValueRecord {
  readonly chargeBoxId: string;
  readonly connectorId: number;
  readonly transactionId: number | null;
  readonly timestamp: string;
  readonly value: string;
  readonly context?: string;
  readonly format?: string;
  readonly measurand?: string;
  readonly location?: string;
  readonly unit?: string;
  /** The phase (OCPP 1.6 only). */
  readonly phase?: string;
  /** Which message carried it. */
  readonly source: 'MeterValues' | 'StopTransaction';
}

/**
 * The last StatusNotification of a connector, as the station's session version spelled it
 * (a 1.6 session reports 1.6 statuses and error codes, STEVE.md §3).
 */
export interface ConnectorRecord {
  readonly status: ChargePointStatus | (string & {});
  readonly errorCode: ChargePointErrorCode | (string & {});
  readonly info?: string;
  readonly vendorId?: string;
  readonly vendorErrorCode?: string;
  /** The CP's timestamp, or server time when it sent none. */
  readonly timestamp: string;
}

/** What the central system knows about a station. */
export interface StationRecord {
  readonly chargeBoxId: string;
  /** Open WebSocket sessions (SteVe allows several, STEVE.md §1.4). */
  sessions: number;
  /** The last BootNotification.req. */
  boot?: BootNotificationReq;
  /** Last Heartbeat or pong (STEVE.md §1.4). */
  lastHeartbeat?: Date;
  readonly connectors: Record<number, ConnectorRecord>;
  firmwareStatus?: string;
  diagnosticsStatus?: string;
}

/** Totals for reconciliation: transactions and delivered energy. */
export interface Totals {
  readonly transactions: number;
  readonly activeTransactions: number;
  readonly stoppedTransactions: number;
  readonly failedTransactions: number;
  /** Sum of `energyWh` over validly stopped transactions. */
  readonly energyWh: number;
}

/** An unregistered chargeBoxId that tried to connect. */
export interface UnknownStation {
  readonly chargeBoxId: string;
  readonly attempts: number;
  readonly lastAttemptAt: Date;
}
