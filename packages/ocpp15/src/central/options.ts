/** Options and events of the SteVe-like central system. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RpcEvent } from '@evse/ocppj';
import type { TagSpec, TransactionRecord } from './records.js';
import type { SteveClose } from './steve-errors.js';
import type { CentralStore } from './store.js';
import type { CentralVersion } from './version.js';

/** TLS for `wss://` (security profiles 2 and 3). PEM text or bytes. */
export interface CentralTlsOptions {
  /** The server's certificate (chain). */
  readonly cert: string | Buffer;
  /** Its private key. */
  readonly key: string | Buffer;
  /** The CA that signs client certificates (profile 3). */
  readonly ca?: string | Buffer;
  /** Require a client certificate signed by `ca`; without one the upgrade gets 401. @default false */
  readonly requestCert?: boolean;
}

/** A BootNotification answer per station (SteVe's `registration_status` column). */
export type RegistrationSetting = 'Accepted' | 'Pending' | 'Rejected';

/** Options of {@link createCentralSystem}. */
export interface CentralSystemOptions {
  /** Interface to bind. Loopback only by default, like SteVe's prod profile (STEVE.md §1.1). @default '127.0.0.1' */
  readonly host?: string;
  /** TCP port; 0 picks a free one (see `url`). @default 0 */
  readonly port?: number;
  /** WebSocket path prefix before `/<chargeBoxId>` (STEVE.md §1.1). @default '/steve/websocket/CentralSystemService' */
  readonly basePath?: string;
  /** Registered chargeBoxIds (case-insensitive), or `'any'` = auto-register unknown stations. @default 'any' */
  readonly allow?: readonly string[] | 'any';
  /** HTTP Basic passwords per chargeBoxId (username = chargeBoxId; STEVE.md §1.2). @default {} */
  readonly passwords?: Readonly<Record<string, string>>;
  /**
   * One HTTP Basic password for every station without its own in `passwords` (security
   * profile 1, or 2 with `tls`): the upgrade must carry `chargeBoxId:password`, else 401.
   * Compared in constant time; never logged or put in an event. @default none
   */
  readonly password?: string;
  /** Serve `wss://` with this certificate (security profile 2; 3 with `ca` + `requestCert`). @default none (ws://) */
  readonly tls?: CentralTlsOptions;
  /**
   * The OCPP-J versions served on the endpoint, chosen per session by the client's
   * subprotocol list (STEVE.md §1.2). `@evse/ocpp16/central` passes 1.6 and 1.5.
   * @default [the built-in 1.5 version]
   */
  readonly versions?: readonly CentralVersion[];
  /** The tag list; a status string is shorthand for `{ status }`. Unknown tags are Invalid. @default {} */
  readonly tags?: Readonly<Record<string, TagSpec | NonNullable<TagSpec['status']>>>;
  /** "Hours to expire" for Accepted tags without their own expiry; 0 = no expiryDate. @default 1 */
  readonly expiryHours?: number;
  /** `heartbeatInterval` of BootNotification.conf, in seconds (SteVe's fresh-DB value). @default 14400 */
  readonly heartbeatIntervalSec?: number;
  /** BootNotification status, for all stations or per chargeBoxId (`Pending` is sent as `Rejected`). @default 'Accepted' */
  readonly registrationStatus?: RegistrationSetting | Readonly<Record<string, RegistrationSetting>>;
  /** The first transactionId handed out. @default 1 */
  readonly firstTransactionId?: number;
  /**
   * Sampled values kept for `meterValues()`, newest first to survive: older ones are dropped
   * (SteVe keeps them in its database; in memory, 10,000 stations sampling every minute would
   * grow without end). Totals do not depend on them. @default 100000
   */
  readonly maxMeterValues?: number;
  /** Time a CP has to answer a CS CALL; later answers close the socket with 1011 (STEVE.md §1.6). @default 30000 */
  readonly callTimeoutMs?: number;
  /** WebSocket ping period per session (STEVE.md §1.4). @default 900000 */
  readonly pingIntervalMs?: number;
  /** Close a session after this long without any incoming frame (Jetty idle timeout). @default 7200000 */
  readonly idleTimeoutMs?: number;
  /** Largest accepted message; larger ones close the socket with 1009. @default 8388608 */
  readonly maxMessageBytes?: number;
  /** UTC offset of the dates the CS writes, in minutes (SteVe writes its JVM zone). @default 0 */
  readonly utcOffsetMinutes?: number;
  /** HTML-escape strings read and written, like SteVe's CustomStringModule (STEVE.md §1.7). @default true */
  readonly htmlEscape?: boolean;
  /**
   * Read incoming CALLs with SteVe's Jackson leniency (STEVE.md §1.7): a date-time without an
   * offset is in the `utcOffsetMinutes` zone, an empty date string is absent, a numeric string
   * or fractional number for an int is accepted (fraction dropped). `false` refuses all three
   * with PropertyConstraintViolation, as the strict schemas do. @default true
   */
  readonly jacksonCoercion?: boolean;
  /** Answer unknown properties with a CALLERROR instead of ignoring them like SteVe. @default false */
  readonly rejectUnknownProperties?: boolean;
  /**
   * Where stations, tags, transactions and meter values are kept; closed with the central
   * system. `openSqliteStore(file)` survives restarts. @default createMemoryStore({ maxMeterValues })
   */
  readonly store?: CentralStore;
  /**
   * Append one JSON line per frame and session event to this file; opened at start, so a path
   * that cannot be written rejects `createCentralSystem` with the `open` error.
   */
  readonly logFile?: string;
  /** Clock for timestamps and expiry rules. @default () => new Date() */
  readonly now?: () => Date;
  /**
   * Plain HTTP requests (not upgrades) that passed the request policy (Host, Origin) go here
   * first, e.g. `GET /metrics` served by the CLI; return true when it answered. @default none
   */
  readonly httpHandler?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

/** One open WebSocket session. */
export interface ConnectionInfo {
  readonly sessionId: number;
  readonly chargeBoxId: string;
  readonly protocol: string;
  readonly remoteAddress: string;
  readonly openedAt: Date;
}

/** What the central system reports on `events$`. */
export type CentralSystemEvent =
  /** First session of a station opened (0 → 1, STEVE.md §1.4). */
  | { readonly type: 'connected'; readonly chargeBoxId: string; readonly sessionId: number }
  /** Last session of a station closed (1 → 0). */
  | {
      readonly type: 'disconnected';
      readonly chargeBoxId: string;
      readonly sessionId: number;
      readonly code: number;
    }
  /** A session opened while the station already had one (SteVe keeps both, STEVE.md §1.4). */
  | {
      readonly type: 'duplicateConnection';
      readonly chargeBoxId: string;
      readonly sessionId: number;
      /** Open sessions under this id, the new one included. */
      readonly sessions: number;
      readonly remoteAddress: string;
    }
  /** Any session opened. */
  | { readonly type: 'sessionOpened'; readonly connection: ConnectionInfo }
  /** Any session closed, with the close code. */
  | {
      readonly type: 'sessionClosed';
      readonly connection: ConnectionInfo;
      readonly code: number;
      readonly reason: string;
    }
  /** An upgrade request refused with an HTTP status. */
  | {
      readonly type: 'handshakeRejected';
      readonly url: string;
      readonly status: number;
      readonly reason: string;
    }
  /** A frame in or out. */
  | {
      readonly type: 'frame';
      readonly chargeBoxId: string;
      readonly sessionId: number;
      readonly direction: 'tx' | 'rx';
      readonly text: string;
      readonly at: Date;
    }
  | { readonly type: 'transactionStarted'; readonly transaction: TransactionRecord }
  | { readonly type: 'transactionStopped'; readonly transaction: TransactionRecord }
  /** A StopTransaction for an unknown or already stopped transaction (answered normally). */
  | {
      readonly type: 'transactionStopIgnored';
      readonly chargeBoxId: string;
      readonly transactionId: number;
      readonly reason: string;
    }
  /** A protocol problem on a session, and the close SteVe performs for it (null: none). */
  | {
      readonly type: 'protocolError';
      readonly chargeBoxId: string;
      readonly sessionId: number;
      readonly event: RpcEvent;
      readonly close: SteveClose | null;
    };
