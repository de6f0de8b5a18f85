/**
 * Real clients for the exposure tests: a `serialport` SerialPort on a PTY and a `node:net`
 * socket, each with a byte collector and a tiny `Transport` adapter (for the core contract).
 */
import { connect, type Socket } from 'node:net';
import { type Transport, TransportClosedError } from '@evse/core';
import { Observable, share } from 'rxjs';
import { SerialPort } from 'serialport';

/** Open `path` like a real RAPI client would (115200 8N1), resolving once open. */
export function openSerial(path: string): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port: SerialPort = new SerialPort({ path, baudRate: 115200 }, (err) =>
      err ? reject(err) : resolve(port),
    );
  });
}

/** Close a SerialPort if still open. */
export function closeSerial(port: SerialPort): Promise<void> {
  return new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
}

/** Discard what the tty buffered before we looked (boot frames sent while nobody was reading). */
export function flushSerial(port: SerialPort): Promise<void> {
  return new Promise((resolve, reject) => port.flush((err) => (err ? reject(err) : resolve())));
}

/** Connect to a TCP server, resolving once connected. */
export function connectTcp(port: number, host = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host }, () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

type ByteSource = { on(event: 'data', fn: (chunk: Buffer) => void): unknown };

/** Accumulates every byte a client receives, as latin1 text (one char per byte). */
export interface Collector {
  text(): string;
  clear(): void;
  /** Resolve with the collected text once it has at least `length` characters. */
  waitForLength(length: number, timeoutMs?: number): Promise<string>;
  /** Resolve with the collected text once it contains `needle`. */
  waitFor(needle: string, timeoutMs?: number): Promise<string>;
}

export function collect(source: ByteSource): Collector {
  let buf = '';
  const waiters = new Set<() => void>();
  source.on('data', (chunk) => {
    buf += chunk.toString('latin1');
    for (const w of [...waiters]) w();
  });
  const until = (ok: () => boolean, what: string, timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        if (!ok()) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(buf);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(
          new Error(
            `timed out waiting for ${what}; got ${buf.length} bytes ending ${JSON.stringify(buf.slice(-200))}`,
          ),
        );
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return {
    text: () => buf,
    clear: () => {
      buf = '';
    },
    waitForLength: (length, timeoutMs = 3000) =>
      until(() => buf.length >= length, `${length} bytes`, timeoutMs),
    waitFor: (needle, timeoutMs = 3000) =>
      until(() => buf.includes(needle), JSON.stringify(needle), timeoutMs),
  };
}

/** A `Transport` over a stream-like client (SerialPort or Socket), bytes as latin1 text. */
function streamTransport(
  source: ByteSource & {
    write(data: Buffer, cb: (err?: Error | null) => void): unknown;
    once(event: 'close', fn: () => void): unknown;
  },
  closeSource: () => Promise<void>,
): Transport {
  let closed = false;
  const data$ = new Observable<string>((subscriber) => {
    const onData = (chunk: Buffer) => subscriber.next(chunk.toString('latin1'));
    source.on('data', onData);
    source.once('close', () => subscriber.complete());
    return () => (source as unknown as NodeJS.EventEmitter).off('data', onData);
  }).pipe(share());
  source.once('close', () => {
    closed = true;
  });
  return {
    data$,
    write(text) {
      if (closed) return Promise.reject(new TransportClosedError());
      return new Promise((resolve, reject) =>
        source.write(Buffer.from(text, 'latin1'), (err) =>
          err
            ? reject(closed ? new TransportClosedError(undefined, { cause: err }) : err)
            : resolve(),
        ),
      );
    },
    async close() {
      closed = true;
      await closeSource();
    },
  };
}

/** `Transport` over an open SerialPort. */
export function serialTransport(port: SerialPort): Transport {
  return streamTransport(port, () => closeSerial(port));
}

/** `Transport` over a connected socket. */
export function socketTransport(socket: Socket): Transport {
  return streamTransport(socket, async () => {
    if (socket.destroyed) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  });
}
