import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';

/** Why a connection attempt failed. */
export type ConnectErrorCode =
  /** HTTP 404: SteVe ≥3.6 does not know this chargeBoxId, or serves none of our subprotocols. */
  | 'NOT_FOUND'
  /** HTTP 401: Basic auth/certificate refused (SteVe ≤3.5 also uses 401 for unknown ids). */
  | 'UNAUTHORIZED'
  /** Any other non-101 HTTP answer (e.g. 400 for a bad chargeBoxId). */
  | 'HTTP_ERROR'
  /** The server did not select `ocpp1.5`. */
  | 'SUBPROTOCOL'
  /** TCP/TLS failure, handshake timeout, or the socket closed during the handshake. */
  | 'NETWORK';

/** A connection attempt to the central system failed. */
export class OcppConnectError extends Error {
  override readonly name = 'OcppConnectError';
  readonly code: ConnectErrorCode;
  /** The HTTP status for NOT_FOUND / UNAUTHORIZED / HTTP_ERROR. */
  readonly status: number | undefined;
  readonly url: string;
  constructor(
    code: ConnectErrorCode,
    url: string,
    message: string,
    options: { status?: number; cause?: unknown } = {},
  ) {
    super(`${url}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.url = url;
  }
}

/** The subprotocol this charge point speaks (STEVE.md §1.2: exact, case-sensitive). */
export const SUBPROTOCOL = 'ocpp1.5';

/** `<url>/<chargeBoxId>` with the id percent-encoded as one path segment (STEVE.md §1.1). */
export function endpointUrl(url: string, chargeBoxId: string): string {
  return `${url.replace(/\/+$/, '')}/${encodeURIComponent(chargeBoxId)}`;
}

function fromStatus(url: string, status: number): OcppConnectError {
  // A wrong path and an unknown chargeBoxId both answer 404; SteVe and `evse central` serve
  // <context>/websocket/CentralSystemService/<chargeBoxId> (STEVE.md §1.1; AUDIT-2026-12.md #12).
  if (status === 404)
    return new OcppConnectError(
      'NOT_FOUND',
      url,
      'HTTP 404: wrong path (SteVe and evse central serve /steve/websocket/CentralSystemService/<chargeBoxId>), chargeBoxId unknown to the central system, or no common subprotocol',
      { status },
    );
  if (status === 401)
    return new OcppConnectError('UNAUTHORIZED', url, 'HTTP 401: authorization refused', { status });
  return new OcppConnectError('HTTP_ERROR', url, `HTTP ${status} instead of a WebSocket upgrade`, {
    status,
  });
}

const ignoreError = (): void => {};

/**
 * Open one WebSocket offering only `ocpp1.5`; resolves once it is OPEN with that protocol
 * selected, rejects with an {@link OcppConnectError} otherwise. Never half-open (STYLE.md §2.1).
 * The socket is resolved paused: call `resume()` once its message listener is attached.
 */
export function openSocket(
  url: string,
  options: { handshakeTimeoutMs: number; signal?: AbortSignal },
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    let failure: OcppConnectError | null = null;
    const socket = new WebSocket(url, [SUBPROTOCOL], {
      handshakeTimeout: options.handshakeTimeoutMs,
      // ws offers compression by default and a Jetty-based SteVe may accept it: then every
      // socket carries its own zlib streams (hundreds of KB native) for frames of a few
      // hundred bytes, which a fleet of thousands cannot afford. OCPP 1.5 does not need it.
      perMessageDeflate: false,
    });
    // Aborting (close() during a handshake) ends the attempt at once.
    const onAbort = (): void => {
      failure ??= new OcppConnectError('NETWORK', url, 'aborted by close()');
      socket.terminate();
    };
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const onResponse = (_req: unknown, res: IncomingMessage): void => {
      failure = fromStatus(url, res.statusCode ?? 0);
      res.resume();
      socket.terminate(); // aborts the request; 'error' + 'close' follow
    };
    const onError = (error: Error): void => {
      if (failure) return;
      const msg = error.message;
      failure = /subprotocol/i.test(msg)
        ? new OcppConnectError(
            'SUBPROTOCOL',
            url,
            `the server did not select ${SUBPROTOCOL}: ${msg}`,
            { cause: error },
          )
        : new OcppConnectError('NETWORK', url, msg, { cause: error });
    };
    socket.on('unexpected-response', onResponse);
    socket.on('error', onError);
    socket.once('close', () => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(failure ?? new OcppConnectError('NETWORK', url, 'closed during the handshake'));
    });
    socket.once('open', () => {
      socket.removeAllListeners('close');
      // The handshake listeners are done: an open socket keeps one shared no-op 'error'
      // listener (ws emits 'error' before 'close' on a broken connection; without a listener
      // that would throw), not closures holding this attempt.
      socket.off('unexpected-response', onResponse);
      socket.off('error', onError);
      socket.on('error', ignoreError);
      options.signal?.removeEventListener('abort', onAbort);
      if (socket.protocol !== SUBPROTOCOL) {
        const err = new OcppConnectError(
          'SUBPROTOCOL',
          url,
          `the server selected "${socket.protocol}" instead of ${SUBPROTOCOL}`,
        );
        socket.terminate();
        reject(err);
        return;
      }
      // The CS may CALL at once (STEVE.md §1.6), even in the same TCP chunk as the 101. Frames
      // are emitted on the next tick, before the awaiting caller can attach its endpoint, and
      // would be lost unanswered: hold them until the caller calls resume() (ws pause()).
      socket.pause();
      resolve(socket);
    });
  });
}

/** Reconnect back-off: exponential with full jitter on the upper half. */
export interface ReconnectOptions {
  /** First delay, ms. @default 1000 */
  readonly minDelayMs?: number;
  /** Largest delay, ms. @default 60000 */
  readonly maxDelayMs?: number;
  /** Growth per failed attempt. @default 2 */
  readonly factor?: number;
  /** Fraction of the delay randomised (0 = none, 1 = 0..delay). @default 0.5 */
  readonly jitter?: number;
}

/** Delay before attempt `attempt` (0-based count of consecutive failures). */
export function backoffDelay(
  attempt: number,
  o: ReconnectOptions = {},
  random = Math.random,
): number {
  const min = o.minDelayMs ?? 1000;
  const max = o.maxDelayMs ?? 60_000;
  const base = Math.min(max, min * (o.factor ?? 2) ** attempt);
  const jitter = Math.min(1, Math.max(0, o.jitter ?? 0.5));
  return Math.round(base * (1 - jitter) + base * jitter * random());
}
