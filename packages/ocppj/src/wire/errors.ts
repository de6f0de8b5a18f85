/**
 * OCPP-J errors, one code per wire error (STYLE.md §2.8, after ocpp-rpc `lib/errors.js`).
 * The code list is exactly SteVe's `ErrorCode` enum = the OCPP-J 1.6 list, which SteVe also
 * uses for 1.5J (STEVE.md §1.5, §5.1). The 2.0.1 codes (`FormatViolation`,
 * `OccurrenceConstraintViolation`, `RpcFrameworkError`, `MessageTypeNotSupported`) are
 * deliberately absent: SteVe drops the connection when it receives one.
 */

/** The OCPP-J error codes, spelled exactly as on the wire (note `Occurence`). */
export const OCPP_ERROR_CODES = [
  'NotImplemented',
  'NotSupported',
  'InternalError',
  'ProtocolError',
  'SecurityError',
  'FormationViolation',
  'PropertyConstraintViolation',
  'OccurenceConstraintViolation',
  'TypeConstraintViolation',
  'GenericError',
] as const;
/** One of {@link OCPP_ERROR_CODES}. */
export type OcppErrorCode = (typeof OCPP_ERROR_CODES)[number];

/** True when `code` is a known OCPP-J error code (exact, case-sensitive). */
export const isOcppErrorCode = (code: unknown): code is OcppErrorCode =>
  typeof code === 'string' && (OCPP_ERROR_CODES as readonly string[]).includes(code);

/** Options of {@link OcppCallError}. */
export interface OcppCallErrorOptions {
  /** JSON object sent/received as CALLERROR details. @default {} */
  readonly details?: Record<string, unknown>;
  /** Wrapped failure. */
  readonly cause?: unknown;
  /** False when this side produced the error (e.g. an invalid CALLRESULT payload). @default true */
  readonly fromPeer?: boolean;
}

/** A CALL that failed with an OCPP-J error code: received as CALLERROR, or to be sent as one. */
export class OcppCallError extends Error {
  override readonly name = 'OcppCallError';
  /** The OCPP-J error code. */
  readonly code: OcppErrorCode;
  /** The CALLERROR details object. */
  readonly details: Record<string, unknown>;
  /** Whether the peer sent this error (CALLERROR) rather than this side producing it. */
  readonly fromPeer: boolean;

  constructor(code: OcppErrorCode, description: string, options: OcppCallErrorOptions = {}) {
    super(description, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
    this.fromPeer = options.fromPeer ?? true;
  }

  /** The description as sent on the wire (the message). */
  get description(): string {
    return this.message;
  }

  /**
   * Rebuilds the error from a received CALLERROR's fields. Returns null when the code is not
   * an OCPP-J 1.5/1.6 code: the caller decides (SteVe closes the socket, STEVE.md §1.5).
   */
  static fromWire(code: string, description: string, details: unknown): OcppCallError | null {
    if (!isOcppErrorCode(code)) return null;
    const d =
      details !== null && typeof details === 'object' && !Array.isArray(details)
        ? (details as Record<string, unknown>)
        : {};
    return new OcppCallError(code, description, { details: d });
  }
}

/** A CALL got no CALLRESULT/CALLERROR within its timeout. */
export class OcppTimeoutError extends Error {
  override readonly name = 'OcppTimeoutError';
  /** The action of the CALL that timed out. */
  readonly action: string;
  /** The message id of the CALL that timed out. */
  readonly messageId: string;
  /** The timeout that elapsed, in ms. */
  readonly timeoutMs: number;

  constructor(action: string, messageId: string, timeoutMs: number) {
    super(`${action} (${messageId}) got no answer within ${timeoutMs} ms`);
    this.action = action;
    this.messageId = messageId;
    this.timeoutMs = timeoutMs;
  }
}

/** A CALL could not complete because the WebSocket is (or became) closed. */
export class OcppClosedError extends Error {
  override readonly name = 'OcppClosedError';
  /** The action of the affected CALL. */
  readonly action: string;

  constructor(action: string, detail = 'the connection is closed') {
    super(`${action}: ${detail}`);
    this.action = action;
  }
}

/** A thrown value as an Error, for an `error` event (a string thrown becomes its message). */
export const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));
