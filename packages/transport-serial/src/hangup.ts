import { read as fsRead } from 'node:fs';
import { promisify } from 'node:util';

const readAsync = promisify(fsRead);

/** The parts of bindings-cpp's Linux/Darwin port binding this patch relies on. */
interface UnixPortLike {
  fd: number | null;
  readonly isOpen: boolean;
  poller?: { once(event: 'readable', cb: (err: Error | null) => void): unknown };
  read(
    buffer: Buffer,
    offset: number,
    length: number,
  ): Promise<{ bytesRead: number; buffer: Buffer }>;
}

/** Error the stream treats as "closed on purpose": no disconnect event (stream 13 `_read`). */
function canceled(): Error {
  return Object.assign(new Error('Port is not open'), { canceled: true });
}

/**
 * Wrap an OS serialport binding so a hung-up device is reported instead of spun on.
 *
 * Why: bindings-cpp 13 `unixRead` retries forever when `read()` returns 0 bytes (serialport/
 * bindings-cpp#162, fix #164 not merged). A tty returns 0 (end of file) once it is hung up, which
 * is what a USB adapter being unplugged or a PTY losing its master does, so the port burns a
 * thread-pool thread and never emits 'close': the unplug goes unnoticed whenever the hangup
 * lands while no read is parked in the poller. Here a 0-byte read is a disconnect (`disconnect:
 * true`, like ENXIO), so the stream closes with a DisconnectedError. Ports without a numeric
 * `fd` and a poller (Windows, the mock) are left untouched.
 */
export function withHangupDetection<B extends { open(options: never): Promise<unknown> }>(
  binding: B,
): B {
  const open = async (options: never) => {
    const port = (await binding.open(options)) as UnixPortLike;
    if (typeof port.fd === 'number' && port.poller) patchRead(port);
    return port;
  };
  return { ...binding, open } as B;
}

function patchRead(port: UnixPortLike): void {
  const readable = () =>
    new Promise<void>((resolve, reject) => {
      if (!port.poller) return reject(canceled());
      port.poller.once('readable', (err) => (err ? reject(err) : resolve()));
    });
  port.read = async (buffer, offset, length) => {
    for (;;) {
      if (!port.isOpen || port.fd === null) throw canceled();
      try {
        const { bytesRead } = await readAsync(port.fd, buffer, offset, length, null);
        if (bytesRead === 0) {
          throw Object.assign(new Error('device hung up (read returned end of file)'), {
            disconnect: true,
          });
        }
        return { bytesRead, buffer };
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EINTR') {
          // Polling a closed port's (destroyed) poller aborts the process: check first.
          if (!port.isOpen || port.fd === null) throw canceled();
          await readable();
          continue;
        }
        throw err;
      }
    }
  };
}
