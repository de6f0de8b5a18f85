import type { ReconnectOptions } from './backoff.js';
import type { ReconnectingTransport } from './connection.js';
import { openReconnecting } from './reconnecting.js';
import { openTcpLink } from './tcp-link.js';

/** Options of `openTcpTransport`. */
export interface TcpTransportOptions {
  /** Host name or address of the RAPI-over-TCP endpoint (emulator, ser2net, WiFi bridge). */
  readonly host: string;
  /** TCP port, 1–65535. */
  readonly port: number;
  /** Give up one connect attempt after this long (`TIMEOUT`). @default 5000 */
  readonly connectTimeoutMs?: number;
  /** Idle time before TCP keepalive probes start. @default 10000 */
  readonly keepAliveMs?: number;
  /** Reconnect after the socket drops; as in `SerialTransportOptions`. @default false */
  readonly reconnect?: ReconnectOptions | boolean;
}

/** A TCP `Transport` that knows its peer and can survive a dropped connection. */
export interface TcpTransport extends ReconnectingTransport {
  readonly host: string;
  readonly port: number;
}

/**
 * Connect to RAPI carried over TCP (`tcp://host:port`): the same contract and reconnect
 * behaviour as `openSerialTransport`. Rejects with `SerialTransportError` (`REFUSED`,
 * `NOT_FOUND`, `TIMEOUT`, `OPEN_FAILED`).
 */
export async function openTcpTransport(options: TcpTransportOptions): Promise<TcpTransport> {
  const { host, port, connectTimeoutMs = 5000, keepAliveMs = 10_000, reconnect = false } = options;
  if (typeof host !== 'string' || host.length === 0) {
    throw new TypeError('host must be a non-empty host name or address');
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new TypeError(`port must be an integer from 1 to 65535, got ${port}`);
  }
  const endpoint = `tcp://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const transport = await openReconnecting(
    endpoint,
    () => openTcpLink({ host, port, connectTimeoutMs, keepAliveMs }),
    reconnect,
  );
  return Object.assign(transport, { host, port });
}
