import { connect as netConnect, type Socket } from 'node:net';
import { Subject } from 'rxjs';
import { lostError, SerialTransportError, tcpOpenError } from './errors.js';
import type { Link } from './link.js';

/** What `openTcpLink` needs; see `TcpTransportOptions` for the documented defaults. */
export interface TcpLinkOptions {
  readonly host: string;
  readonly port: number;
  readonly connectTimeoutMs: number;
  readonly keepAliveMs: number;
}

/**
 * Connect one TCP socket as a `Link`. RAPI is a line-at-a-time request/reply protocol, so
 * Nagle's delay only adds latency (`setNoDelay`); keepalive makes a silently dead peer (WiFi
 * bridge powered off) surface as a loss instead of a hang.
 */
export function openTcpLink(options: TcpLinkOptions): Promise<Link> {
  const { host, port, connectTimeoutMs, keepAliveMs } = options;
  const endpoint = `tcp://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new Promise<Link>((resolve, reject) => {
    const socket = netConnect({
      host,
      port,
      noDelay: true,
      keepAlive: true,
      keepAliveInitialDelay: keepAliveMs,
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new SerialTransportError(
          'TIMEOUT',
          endpoint,
          `connecting to ${endpoint} timed out after ${connectTimeoutMs} ms`,
        ),
      );
    }, connectTimeoutMs);
    const onError = (err: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(tcpOpenError(endpoint, err));
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeListener('error', onError);
      resolve(tcpLink(socket, endpoint));
    });
  });
}

function tcpLink(socket: Socket, endpoint: string): Link {
  const data$ = new Subject<string>();
  let closing = false;
  let ended = false;
  let lastError: Error | undefined;
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => data$.next(chunk));
  socket.on('error', (err) => {
    lastError = err;
  });
  // 'close' follows both a peer FIN/RST and our destroy(); `closing` tells them apart.
  socket.on('close', () => {
    if (ended) return;
    ended = true;
    if (closing) data$.complete();
    else data$.error(lostError(endpoint, lastError));
  });
  // A half-closed peer (FIN) cannot answer any more: treat it as gone.
  socket.on('end', () => socket.destroy());
  return {
    data$: data$.asObservable(),
    write(text: string): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        socket.write(text, 'latin1', (err) => (err ? reject(err) : resolve()));
      });
    },
    close(): Promise<void> {
      closing = true;
      if (socket.destroyed) return Promise.resolve();
      return new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.destroy();
      });
    },
  };
}
