/**
 * The host side of RAPI over any `Transport`: one command in flight, replies matched to
 * requests, async frames on their own stream (RAPI.md §1.7, §1.10, §5).
 */
import type { Observable, SchedulerLike } from 'rxjs';
import type { Transport } from '../transport.js';
import type { ChecksumKind } from './checksum.js';
import { type RapiClientHelpers, RapiClientImpl } from './client-helpers.js';
import type { RapiDialect } from './dialect.js';
import type { RapiError } from './errors.js';
import type { RapiAsyncFrame, RapiFrame, RapiReplyFrame } from './frame.js';

/** Options for `createRapiClient`. */
export interface RapiClientOptions {
  /** Per-command reply timeout in ms (the ESP32 library uses 500, RAPI.md §1.12). @default 2000 */
  readonly timeoutMs?: number;
  /**
   * Send a sequence id (1–255, cycling) with every command and match replies by it (RAPI.md
   * §1.4), where the dialect has them (RAPI ≥ 3.0.0): older firmware takes ` :01` for one more
   * parameter (v3.11.3 rapi_proc.cpp has no sequence ids), so they are never sent to it.
   * @default false
   */
  readonly useSequenceIds?: boolean;
  /**
   * The wire dialect spoken until `probeVersion()` learns the device's (dialect.ts).
   * @default DEFAULT_DIALECT (RAPI 5.2.1, firmware 8.2.3)
   */
  readonly dialect?: RapiDialect;
  /** Checksum appended to commands. @default 'xor' */
  readonly checksum?: ChecksumKind | 'none';
  /** Clock for timeouts and `traffic$` timestamps. @default asyncScheduler */
  readonly scheduler?: SchedulerLike;
  /** Whether `close()` also closes the transport. @default true */
  readonly closeTransport?: boolean;
  /** Longest partial line buffered (see `splitLines`). @default 128 */
  readonly maxLineLength?: number;
}

/** Per-request options. */
export interface RequestOptions {
  /** Overrides the client's `timeoutMs` for this command. */
  readonly timeoutMs?: number;
  /** `false` sends this command without a sequence id even when ids are in use. */
  readonly sequenceId?: false;
}

/** One line on the wire, as seen by the client (`line` without its terminator). */
export interface TrafficEntry {
  readonly direction: 'tx' | 'rx';
  readonly line: string;
  /** `scheduler.now()` when the line was sent or received (ms since the epoch by default). */
  readonly at: number;
}

/** A successful (`$OK`) reply. */
export type RapiReply = RapiReplyFrame;

/** The untyped core of a RAPI client; `RapiClient` adds the table-driven helpers. */
export interface RapiClientCore {
  /**
   * Send `$<cmd> <params…>` and resolve with its `$OK` reply. Rejects with `RapiError`:
   * `NK` (the reply is on `error.reply`), `TIMEOUT`, `CHECKSUM`, `CLOSED`, `TRANSPORT`,
   * `TOO_LONG`/`MALFORMED` (not sent: the firmware would drop or refuse it).
   */
  request(
    cmd: string,
    params?: readonly (string | number)[],
    options?: RequestOptions,
  ): Promise<RapiReply>;
  /** Send a command that never answers (`$FR`): resolves once written, in queue order. */
  send(cmd: string, params?: readonly (string | number)[], options?: RequestOptions): Promise<void>;
  /** Every frame received, replies and async alike. Hot: subscribe before you need it. */
  readonly frames$: Observable<RapiFrame>;
  /** Async frames (`$AT $AB $AN $WF $ST`), including those arriving between a request and its reply. */
  readonly events$: Observable<RapiAsyncFrame>;
  /** Every line sent and received. Received lines are those `splitLines` yields (noise dropped). */
  readonly traffic$: Observable<TrafficEntry>;
  /** Received lines that are not frames (garbage, bad checksum, too long). The client keeps going. */
  readonly errors$: Observable<RapiError>;
  /** The wire dialect spoken now: the default until `probeVersion()` (or `useDialect`) sets it. */
  readonly dialect: RapiDialect;
  /**
   * Speak `dialect` from now on: `$GS` is decoded by it and sequence ids are only sent where
   * it has them. `probeVersion()` calls this with the device's.
   */
  useDialect(dialect: RapiDialect): void;
  /** Stop: pending and queued requests reject with `CLOSED`, streams complete. Idempotent. */
  close(): Promise<void>;
}

/** A RAPI client: the core (`request`, streams, `close`) plus the table-driven helpers. */
export interface RapiClient extends RapiClientCore, RapiClientHelpers {}

/**
 * Create a RAPI client over an open transport. It subscribes to `transport.data$` at once.
 * @example const client = createRapiClient(transport); const { evseState } = await client.getState();
 */
export function createRapiClient(
  transport: Transport,
  options: RapiClientOptions = {},
): RapiClient {
  return new RapiClientImpl(transport, options);
}
