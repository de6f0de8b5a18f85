/**
 * Opening a charge point's WebSocket to a central system, for every OCPP-J version: the
 * endpoint URL, the subprotocol check, the reconnect back-off, and the security profiles of
 * the OCPP 1.6 security whitepaper (also usable with 1.5): 1 = HTTP Basic auth
 * `chargeBoxId:password` on the upgrade, 2 = the same over `wss://` with the server's
 * certificate checked against the system store or a given CA, 3 = a TLS client certificate.
 * The password never appears in a URL, an error message or an event.
 */
import type { IncomingMessage } from 'node:http';
import WebSocket, { type ClientOptions } from 'ws';

/** Why a connection attempt failed. */
export type ConnectErrorCode =
  /** HTTP 404: SteVe ≥3.6 does not know this chargeBoxId, or serves none of our subprotocols. */
  | 'NOT_FOUND'
  /** HTTP 401: Basic auth/certificate refused (SteVe ≤3.5 also uses 401 for unknown ids). */
  | 'UNAUTHORIZED'
  /** Any other non-101 HTTP answer (e.g. 400 for a bad chargeBoxId). */
  | 'HTTP_ERROR'
  /** The server selected none of the offered subprotocols (`ocpp1.5`, `ocpp1.6`). */
  | 'SUBPROTOCOL'
  /**
   * TLS failed: the server's certificate is not trusted (unknown CA, self-signed, expired,
   * wrong host name), or the server refused the handshake (e.g. it wants a client
   * certificate, security profile 3).
   */
  | 'TLS'
  /** TCP failure, handshake timeout, or the socket closed during the handshake. */
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
    const shown = redactUrl(url);
    super(
      `${shown}: ${message}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.status = options.status;
    this.url = shown;
  }
}

/** A URL with any `user:password@` part replaced by `***@`, for messages and events. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1***@');
}

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
    return new OcppConnectError(
      'UNAUTHORIZED',
      url,
      'HTTP 401: authorization refused (wrong or missing password for this chargeBoxId, or a client certificate the central system does not accept)',
      { status },
    );
  return new OcppConnectError('HTTP_ERROR', url, `HTTP ${status} instead of a WebSocket upgrade`, {
    status,
  });
}

const ignoreError = (): void => {};

// Node's codes for a certificate it does not trust and for a TLS handshake that failed.
const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'EPROTO',
]);
const isTlsError = (error: Error): boolean => {
  const code = (error as { code?: unknown }).code;
  return (
    typeof code === 'string' &&
    (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_'))
  );
};

/**
 * How a charge point proves who it is and checks the central system (OCPP 1.6 security
 * whitepaper, profiles 1–3). All optional: none of them is plain `ws://` (profile 0).
 */
export interface SecurityOptions {
  /**
   * Profile 1/2: HTTP Basic auth `chargeBoxId:password` on the upgrade (1.6
   * `AuthorizationKey`). Never printed, never part of a URL or an event.
   */
  readonly password?: string;
  /** Profile 2/3: the CA certificate(s), PEM, to check the server with instead of the system store. */
  readonly ca?: string | Buffer;
  /** Profile 3: the client certificate, PEM (with `key`). */
  readonly cert?: string | Buffer;
  /** Profile 3: the client certificate's private key, PEM (with `cert`). */
  readonly key?: string | Buffer;
}

/** Options of {@link openSocket}. */
export interface OpenSocketOptions extends SecurityOptions {
  /** The subprotocols offered, in order of preference (`['ocpp1.6', 'ocpp1.5']`). */
  readonly subprotocols: readonly string[];
  readonly handshakeTimeoutMs: number;
  readonly signal?: AbortSignal;
  /** The Basic auth user name (the chargeBoxId); needed with `password`. */
  readonly chargeBoxId?: string;
}

/** The `Authorization` header of security profiles 1 and 2 (RFC 7617). */
export function basicAuthHeader(chargeBoxId: string, password: string): string {
  return `Basic ${Buffer.from(`${chargeBoxId}:${password}`, 'utf8').toString('base64')}`;
}

function clientOptions(options: OpenSocketOptions): ClientOptions {
  const o: ClientOptions = {
    handshakeTimeout: options.handshakeTimeoutMs,
    // ws offers compression by default and a Jetty-based SteVe may accept it: then every
    // socket carries its own zlib streams (hundreds of KB native) for frames of a few
    // hundred bytes, which a fleet of thousands cannot afford. OCPP-J does not need it.
    perMessageDeflate: false,
  };
  if (options.password !== undefined)
    o.headers = { Authorization: basicAuthHeader(options.chargeBoxId ?? '', options.password) };
  if (options.ca !== undefined) o.ca = options.ca;
  if (options.cert !== undefined) o.cert = options.cert;
  if (options.key !== undefined) o.key = options.key;
  return o;
}

/**
 * Open one WebSocket offering `options.subprotocols`; resolves once it is OPEN with one of
 * them selected (read it from `socket.protocol`), rejects with an {@link OcppConnectError}
 * otherwise. Never half-open (STYLE.md §2.1). The socket is resolved paused: call `resume()`
 * once its message listener is attached.
 */
export function openSocket(url: string, options: OpenSocketOptions): Promise<WebSocket> {
  const offered = options.subprotocols;
  const wanted = offered.join(' or ');
  return new Promise((resolve, reject) => {
    let failure: OcppConnectError | null = null;
    const socket = new WebSocket(url, [...offered], clientOptions(options));
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
        ? new OcppConnectError('SUBPROTOCOL', url, `the server did not select ${wanted}: ${msg}`, {
            cause: error,
          })
        : isTlsError(error)
          ? new OcppConnectError('TLS', url, `TLS failed: ${msg}`, { cause: error })
          : options.cert !== undefined && (error as { code?: unknown }).code === 'ECONNRESET'
            ? // TLS 1.3: the server checks the client certificate after the client has
              // finished its handshake, and its alert often arrives as a bare reset.
              new OcppConnectError(
                'TLS',
                url,
                `TLS failed: the server closed the connection (client certificate refused?): ${msg}`,
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
      if (!offered.includes(socket.protocol)) {
        const err = new OcppConnectError(
          'SUBPROTOCOL',
          url,
          `the server selected "${socket.protocol}" instead of ${wanted}`,
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

const isPem = (v: unknown): boolean => typeof v === 'string' || Buffer.isBuffer(v);

/**
 * Checks the security options of a charge point before anything connects; throws a
 * `TypeError` naming the option (the password itself is never in the message).
 */
export function checkSecurityOptions(
  o: SecurityOptions & { readonly url: string; readonly chargeBoxId: string },
): void {
  if (o.password !== undefined) {
    if (typeof o.password !== 'string' || o.password === '')
      throw new TypeError('password: must be a non-empty string');
    // RFC 7617 §2: the user-id of Basic auth cannot contain a colon.
    if (o.chargeBoxId.includes(':'))
      throw new TypeError('password: Basic auth needs a chargeBoxId without ":"');
  }
  for (const name of ['ca', 'cert', 'key'] as const)
    if (o[name] !== undefined && !isPem(o[name]))
      throw new TypeError(`${name}: must be PEM text or a Buffer`);
  if ((o.cert === undefined) !== (o.key === undefined))
    throw new TypeError(`${o.cert === undefined ? 'cert' : 'key'}: cert and key go together`);
  const tls = o.ca !== undefined || o.cert !== undefined;
  if (tls && !/^wss:\/\//.test(o.url))
    throw new TypeError(`${o.ca !== undefined ? 'ca' : 'cert'}: needs a wss:// url`);
}
