import { createServer, type Socket } from 'node:net';
import { type Observable, Subject } from 'rxjs';
import { NOT_HTTP_REPLY, sniffHttp } from './http-sniff.js';
import { listen } from './listen.js';
import type { DevicePort } from './types.js';

/** Options of `serveTcp`. */
export interface ServeTcpOptions {
  /** Interface to bind; loopback unless you mean to expose the device. @default '127.0.0.1' */
  host?: string;
  /** TCP port; 0 picks a free one. 8023 is what other OpenEVSE emulators use. @default 8023 */
  port?: number;
  /**
   * Most clients at once; one more is told so in one line and disconnected (every client gets
   * every reply, so each one costs all of them). @default 8
   */
  maxClients?: number;
}

/** A client came, went or was refused (`TcpServer.clients$`). */
export interface TcpClientEvent {
  type: 'connect' | 'disconnect' | 'refused';
  /** `address:port` of the client. */
  remote: string;
  /** Clients connected after this event. */
  clients: number;
  /** Why a client was refused: over `maxClients`, or its first bytes were an HTTP request. */
  reason?: 'full' | 'http';
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
/** A client that sends nothing this long is a listener: it gets device output from then on. */
const SILENT_CLIENT_MS = 1000;
/** Output chunks held for a client not yet classified; more are dropped (an overrun). */
const MAX_HELD_CHUNKS = 256;

/**
 * Serve `device` as a raw TCP byte stream (a serial-over-TCP bridge, like ser2net in raw mode).
 * Every client's input goes to the device; device output goes to every connected client.
 * Bytes map 1:1 to string characters (latin1). Resolves once listening. A connection that
 * starts with an HTTP request line is answered 400 and closed, nothing of it reaching the
 * device (a web page cannot smuggle RAPI in a POST body); clients beyond `maxClients` get
 * one `busy:` line and are disconnected.
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
  const maxClients = options.maxClients ?? 8;
  if (!Number.isInteger(maxClients) || maxClients < 1) {
    throw new TypeError(`maxClients: expected an integer ≥ 1, got ${String(maxClients)}`);
  }
  // Per client: device output held back until its first bytes are known not to be HTTP (so
  // an HTTP client gets a clean 400), or until it has been silent for a while (a listener).
  const sockets = new Map<Socket, { held: Buffer[] | null }>();
  const clients$ = new Subject<TcpClientEvent>();
  const release = (socket: Socket): void => {
    const state = sockets.get(socket);
    if (!state?.held) return;
    for (const bytes of state.held) socket.write(bytes);
    state.held = null;
  };

  const server = createServer((socket) => {
    const remote = `${socket.remoteAddress}:${socket.remotePort}`;
    // ECONNRESET and friends end the connection; 'close' follows and does the bookkeeping.
    socket.on('error', () => {});
    if (sockets.size >= maxClients) {
      socket.end(`busy: ${maxClients} clients are connected, the most this port serves\r\n`);
      clients$.next({ type: 'refused', remote, clients: sockets.size, reason: 'full' });
      return;
    }
    sockets.set(socket, { held: [] });
    socket.setNoDelay(true); // RAPI is request/reply: one short line at a time
    const silent = setTimeout(() => release(socket), SILENT_CLIENT_MS);
    let start: string | null = ''; // the first bytes until they are known not to be HTTP
    socket.on('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      if (start === null) return device.receive(text);
      start += text;
      const kind = sniffHttp(start);
      if (kind === 'undecided') return;
      clearTimeout(silent);
      if (kind === 'http') {
        sockets.delete(socket);
        socket.removeAllListeners('data');
        socket.end(NOT_HTTP_REPLY);
        clients$.next({ type: 'refused', remote, clients: sockets.size, reason: 'http' });
        return;
      }
      const first = start;
      start = null;
      release(socket);
      device.receive(first);
    });
    socket.on('close', () => {
      clearTimeout(silent);
      if (!sockets.delete(socket)) return;
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
      for (const [socket, state] of sockets) {
        if (state.held) {
          if (state.held.length < MAX_HELD_CHUNKS) state.held.push(bytes);
        } else if (socket.writable && socket.writableLength < MAX_QUEUED_BYTES) socket.write(bytes);
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
      for (const socket of sockets.keys()) socket.destroy();
    });
    return closed;
  };
  return { address, clients$: clients$.asObservable(), close };
}
