/**
 * One error class for every RAPI failure, told apart by a string `code` (ws/ocpp-rpc style,
 * STYLE.md §2.8). Argument mistakes are `TypeError`s instead, naming the argument.
 */

/**
 * Why a RAPI operation failed:
 * - `NK`: the device answered `$NK` (RAPI.md §1.7); `reply` holds the frame (`$SC`/`$SY` carry data).
 * - `TIMEOUT`: no matching reply within the timeout (dropped reply, `$FR`, device gone).
 * - `CHECKSUM`: a line failed its `^XX`/`*XX` check (RAPI.md §1.3).
 * - `MALFORMED`: a line that is not a RAPI frame, a reply too short for its command, or more
 *   than 10 tokens (RAPI.md §1.2; the firmware answers such a command `$NK`).
 * - `TOO_LONG`: a line over the firmware's buffer (31 bytes before CR for commands, RAPI.md §1.2;
 *   the firmware drops such a command without any reply).
 * - `CLOSED`: the client or its transport closed while the request was queued or in flight.
 * - `TRANSPORT`: the transport failed to write for another reason (`cause` holds it).
 * - `UNSUPPORTED`: the controller's `$GV` reports a RAPI protocol older than `OLDEST_PROTOCOL`
 *   or one that is not a version at all (docs/protocol/FIELD-FIRMWARE.md §2); the message names
 *   what it reported and the oldest supported.
 */
export type RapiErrorCode =
  | 'NK'
  | 'TIMEOUT'
  | 'CHECKSUM'
  | 'MALFORMED'
  | 'TOO_LONG'
  | 'CLOSED'
  | 'TRANSPORT'
  | 'UNSUPPORTED';

/** The reply frame shape carried by `RapiError.reply` (see `RapiReplyFrame` in frame.ts). */
export interface RapiErrorReply {
  readonly kind: 'reply';
  readonly ok: boolean;
  readonly fields: readonly string[];
  readonly seq?: number;
}

/** Extra context a `RapiError` may carry. */
export interface RapiErrorOptions {
  /** The underlying failure (a transport error, a parse error). */
  cause?: unknown;
  /** The offending wire line, without its terminator. */
  line?: string;
  /** The command line this error answers, without its terminator. */
  request?: string;
  /** The `$NK` reply, for `code === 'NK'`. */
  reply?: RapiErrorReply;
}

/** A RAPI failure with a machine-readable `code`. */
export class RapiError extends Error {
  /** What went wrong; see `RapiErrorCode`. */
  readonly code: RapiErrorCode;
  /** The offending wire line (without terminator), when there is one. */
  readonly line: string | undefined;
  /** The command line (without terminator) this error answers, when there is one. */
  readonly request: string | undefined;
  /** The `$NK` reply frame, when `code === 'NK'`. */
  readonly reply: RapiErrorReply | undefined;

  constructor(code: RapiErrorCode, message: string, options: RapiErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.name = 'RapiError';
    this.code = code;
    this.line = options.line;
    this.request = options.request;
    this.reply = options.reply;
  }
}

/** True when `value` is a `RapiError` (optionally with the given code). */
export function isRapiError(value: unknown, code?: RapiErrorCode): value is RapiError {
  return value instanceof RapiError && (code === undefined || value.code === code);
}
