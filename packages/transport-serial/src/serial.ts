import type { ReconnectOptions } from './backoff.js';
import type { ReconnectingTransport } from './connection.js';
import { openReconnecting } from './reconnecting.js';
import { openSerialLink, type SerialBinding } from './serial-link.js';

/** Options of `openSerialTransport`. */
export interface SerialTransportOptions {
  /** Device path, e.g. `/dev/ttyUSB0` (USB adapter) or `/dev/serial0` (Pi GPIO UART). */
  readonly path: string;
  /** Line speed; the OpenEVSE controller runs at 115200 8N1 (RAPI.md §1.1). @default 115200 */
  readonly baudRate?: number;
  /** serialport binding; pass `SerialPortMock.binding` in tests. @default the OS binding */
  readonly binding?: SerialBinding;
  /** Take an exclusive lock so a second program gets `BUSY`. @default true */
  readonly lock?: boolean;
  /**
   * Reopen the port after an unplug: `true` for the defaults, or tune the backoff. With
   * `false` a loss closes the transport (`connection$` ends with 'closed'). @default false
   */
  readonly reconnect?: ReconnectOptions | boolean;
}

/** A serial `Transport` that knows its port and can survive unplug/replug. */
export interface SerialTransport extends ReconnectingTransport {
  readonly path: string;
  readonly baudRate: number;
}

/**
 * Open a serial port to an OpenEVSE controller. Resolves once the port is open; rejects with
 * `SerialTransportError` (`NOT_FOUND`, `PERMISSION_DENIED`, `BUSY`, `OPEN_FAILED`).
 *
 * @example
 * const transport = await openSerialTransport({ path: '/dev/ttyUSB0', reconnect: true });
 */
export async function openSerialTransport(
  options: SerialTransportOptions,
): Promise<SerialTransport> {
  const { path, baudRate = 115200, binding, lock = true, reconnect = false } = options;
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError('path must be a non-empty device path such as /dev/ttyUSB0');
  }
  if (!Number.isInteger(baudRate) || baudRate <= 0) {
    throw new TypeError(`baudRate must be a positive integer, got ${baudRate}`);
  }
  const transport = await openReconnecting(
    path,
    () => openSerialLink({ path, baudRate, binding, lock }),
    reconnect,
  );
  return Object.assign(transport, { path, baudRate });
}
