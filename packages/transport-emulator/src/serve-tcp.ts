import { createServer, type Socket } from 'node:net';
import { type Observable, Subject } from 'rxjs';
import { listen } from './listen.js';
import type { DevicePort } from './types.js';

/** Options of `serveTcp`. */
export interface ServeTcpOptions {
  /** Interface to bind; loopback unless you mean to expose the device. @default '127.0.0.1' */
  host?: string;
  /** TCP port; 0 picks a free one. 8023 is what other OpenEVSE emulators use. @default 8023 */
  port?: number;
}

/** A client came or went (`TcpServer.clients$`). */
export interface TcpClientEvent {
  type: 'connect' | 'disconnect';
  /** `address:port` of the client. */
  remote: string;
  /** Clients connected after this event. */
  clients: number;
}

/** A TCP listener serving a device, as returned by `serveTcp`. */
export interface TcpServer {
  /** Where it listens (the real port when 0 was asked for). */
  readonly address: { host: string; port: number };
  /** Clients connecting and disconnecting; completes on `close()`. */
  readonly clients$: Observable<TcpClientEvent>;
  /** Stop listening, disconnect every client, detach from the device. Idempotent. */
  close(): Promise<void>;
}

/** A client that stops reading loses output beyond this, like a UART overrun. */
const MAX_QUEUED_BYTES = 1024 * 1024;

/**
 * Serve `device` as a raw TCP byte stream (a serial-over-TCP bridge, like ser2net in raw mode).
 * Every client's input goes to the device; device output goes to every connected client.
 * Bytes map 1:1 to string characters (latin1). Resolves once listening.
 * @example
 * const tcp = await serveTcp(emulator.device, { port: 0 });
 * // nc -C 127.0.0.1 <tcp.address.port>, type $GS^30 and Enter (-C: Enter sends CR LF; RAPI
 * // frames end with CR, RAPI.md §1.1, so a bare LF from plain nc ends nothing)
 */
export async function serveTcp(
  device: DevicePort,
  options: ServeTcpOptions = {},
): Promise<TcpServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8023;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError(`port: expected an integer 0..65535, got ${String(port)}`);
  }
  const sockets = new Set<Socket>();
  const clients$ = new Subject<TcpClientEvent>();

  const server = createServer((socket) => {
    const remote = `${socket.remoteAddress}:${socket.remotePort}`;
    sockets.add(socket);
    socket.setNoDelay(true); // RAPI is request/reply: one short line at a time
    socket.on('data', (chunk: Buffer) => device.receive(chunk.toString('latin1')));
    // ECONNRESET and friends end the connection; 'close' follows and does the bookkeeping.
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      clients$.next({ type: 'disconnect', remote, clients: sockets.size });
    });
    clients$.next({ type: 'connect', remote, clients: sockets.size });
  });

  await listen(server, host, port);
  const bound = server.address();
  const address = {
    host,
    port: typeof bound === 'object' && bound !== null ? bound.port : port,
  };

  const subscription = device.output$.subscribe({
    next: (text) => {
      const bytes = Buffer.from(text, 'latin1');
      for (const socket of sockets) {
        if (socket.writable && socket.writableLength < MAX_QUEUED_BYTES) socket.write(bytes);
      }
    },
    // A failing device is its owner's to report; the line just goes quiet (no crash here).
    error: () => {},
  });

  let closed: Promise<void> | null = null;
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      subscription.unsubscribe();
      server.close(() => {
        clients$.complete();
        resolve();
      });
      for (const socket of sockets) socket.destroy();
    });
    return closed;
  };
  return { address, clients$: clients$.asObservable(), close };
}
