import { Subject } from 'rxjs';
import { SerialPort, type SerialPortMock } from 'serialport';
import { lostError, serialOpenError } from './errors.js';
import { withHangupDetection } from './hangup.js';
import type { Link } from './link.js';

/** A serialport binding: the real one by default, `SerialPortMock.binding` in tests. */
export type SerialBinding = typeof SerialPort.binding | typeof SerialPortMock.binding;

/** What `openSerialLink` needs; see `SerialTransportOptions` for the documented defaults. */
export interface SerialLinkOptions {
  readonly path: string;
  readonly baudRate: number;
  readonly binding: SerialBinding | undefined;
  readonly lock: boolean;
}

/**
 * Open one serial port as a `Link`, or reject with a typed `SerialTransportError`.
 * RAPI.md §1.1: 115200 8N1, so only the baud rate is configurable.
 */
export function openSerialLink(options: SerialLinkOptions): Promise<Link> {
  const { path, baudRate, binding, lock } = options;
  return new Promise<Link>((resolve, reject) => {
    // `SerialPort` spreads our options over its auto-detected binding, so an explicit
    // `binding` (the mock) replaces it: one code path for hardware and tests.
    let port: SerialPort;
    try {
      port = new SerialPort({
        path,
        baudRate,
        dataBits: 8,
        stopBits: 1,
        parity: 'none',
        lock,
        autoOpen: false,
        binding: binding ?? osBinding(),
      } as ConstructorParameters<typeof SerialPort>[0]);
    } catch (err) {
      reject(serialOpenError(path, err));
      return;
    }
    port.open((err) => {
      if (err) {
        reject(serialOpenError(path, err));
        return;
      }
      resolve(serialLink(port, path));
    });
  });
}

let patchedOsBinding: SerialBinding | null = null;
/** The OS binding with unplug detection fixed (see `withHangupDetection`), made once. */
function osBinding(): SerialBinding {
  patchedOsBinding ??= withHangupDetection(SerialPort.binding);
  return patchedOsBinding;
}

function serialLink(port: SerialPort, path: string): Link {
  const data$ = new Subject<string>();
  let closing = false;
  let ended = false;
  const end = (err: Error | null): void => {
    if (ended) return;
    ended = true;
    port.removeListener('data', onData);
    if (closing) data$.complete();
    else data$.error(lostError(path, err ?? undefined));
  };
  const onData = (chunk: Buffer): void => data$.next(chunk.toString('latin1'));
  port.on('data', onData);
  // serialport reports an unplug as a 'close' event carrying a DisconnectedError (stream 13
  // `_disconnected`); a read/write error after the device vanished comes as 'error' first.
  port.on('close', (err: Error | null) => end(err));
  port.on('error', (err: Error) => {
    if (!closing) end(err);
  });
  return {
    data$: data$.asObservable(),
    write(text: string): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        port.write(Buffer.from(text, 'latin1'), (err) => (err ? reject(err) : resolve()));
      });
    },
    close(): Promise<void> {
      closing = true;
      return new Promise<void>((resolve) => {
        if (!port.isOpen) {
          end(null);
          resolve();
          return;
        }
        port.close(() => {
          end(null);
          resolve();
        });
      });
    },
  };
}
