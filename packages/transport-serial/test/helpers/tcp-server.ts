/** A loopback TCP server for tests, and accepted sockets as Transports (the far side). */
import { createServer, type Server, type Socket } from 'node:net';
import type { Transport } from '@evse/core';
import { TransportClosedError } from '@evse/core';
import { Subject } from 'rxjs';

/** The server end of an accepted socket as a Transport (the far side in contract checks). */
export function socketTransport(socket: Socket): Transport {
  const data$ = new Subject<string>();
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => data$.next(chunk));
  socket.on('error', () => {});
  socket.on('close', () => data$.complete());
  return {
    data$,
    write: (text) =>
      new Promise((resolve, reject) => {
        if (socket.destroyed) return reject(new TransportClosedError());
        socket.write(text, 'latin1', (err) => (err ? reject(err) : resolve()));
      }),
    close: () =>
      new Promise((resolve) => {
        if (socket.destroyed) return resolve();
        socket.once('close', () => resolve());
        socket.destroy();
      }),
  };
}

export interface TestServer {
  readonly port: number;
  readonly accepted$: Subject<Socket>;
  /** Stop listening and destroy every accepted socket (the "unplug"). */
  close(): Promise<void>;
}

/** Listen on 127.0.0.1 (`port` 0 = pick one); every accepted socket is announced. */
export async function listenLoopback(port = 0): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const accepted$ = new Subject<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    accepted$.next(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    accepted$,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        accepted$.complete();
      }),
  };
}
