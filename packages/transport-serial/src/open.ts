import type { ReconnectOptions } from './backoff.js';
import { SerialTransportError } from './errors.js';
import { type PortSpec, parsePortSpec } from './port-spec.js';
import { openSerialTransport, type SerialTransport } from './serial.js';
import type { SerialBinding } from './serial-link.js';
import { openTcpTransport, type TcpTransport } from './tcp.js';

/** Options of `openTransport`; each applies to the kinds named. */
export interface OpenTransportOptions {
  /** Serial line speed. @default 115200 */
  readonly baudRate?: number;
  /** Serial binding (tests). @default the OS binding */
  readonly binding?: SerialBinding;
  /** Serial exclusive lock. @default true */
  readonly lock?: boolean;
  /** TCP connect timeout. @default 5000 */
  readonly connectTimeoutMs?: number;
  /** Reconnect after a loss (serial and TCP). @default false */
  readonly reconnect?: ReconnectOptions | boolean;
}

/**
 * Open the transport a spec names (`/dev/…` or `tcp://host:port`). `emulator` is rejected with
 * `BAD_SPEC`: the CLI creates the emulator itself, so this package needs no runtime dependency
 * on it.
 */
export function openTransport(
  spec: string | PortSpec,
  options: OpenTransportOptions = {},
): Promise<SerialTransport | TcpTransport> {
  let parsed: PortSpec;
  try {
    parsed = typeof spec === 'string' ? parsePortSpec(spec) : spec;
  } catch (err) {
    return Promise.reject(err);
  }
  const { reconnect = false } = options;
  switch (parsed.kind) {
    case 'serial':
      return openSerialTransport({
        path: parsed.path,
        reconnect,
        ...(options.baudRate !== undefined ? { baudRate: options.baudRate } : {}),
        ...(options.binding !== undefined ? { binding: options.binding } : {}),
        ...(options.lock !== undefined ? { lock: options.lock } : {}),
      });
    case 'tcp':
      return openTcpTransport({
        host: parsed.host,
        port: parsed.port,
        reconnect,
        ...(options.connectTimeoutMs !== undefined
          ? { connectTimeoutMs: options.connectTimeoutMs }
          : {}),
      });
    case 'emulator':
      return Promise.reject(
        new SerialTransportError(
          'BAD_SPEC',
          '',
          'openTransport cannot open "emulator": create it with createEmulator() from @evse/transport-emulator',
        ),
      );
  }
}
