import type { Transport } from '@evse/core';
import type { Emulator, EmulatorOptions } from '@evse/transport-emulator';
import {
  type ConnectionEvent,
  formatPortSpec,
  openTransport,
  type PortSpec,
  parsePortSpec,
} from '@evse/transport-serial';
import { filter, firstValueFrom, type Observable, timeout } from 'rxjs';
import { CliError, UsageError } from './errors.js';

/** An open port: a transport plus what is needed to describe and close it. */
export interface OpenedPort {
  readonly transport: Transport;
  /** `/dev/ttyUSB0`, `tcp://host:port` or `emulator`. */
  readonly label: string;
  /** The in-process emulator when the spec was `emulator`. */
  readonly emulator?: Emulator;
  /** Link state of a serial/TCP port (reconnecting transports). */
  readonly connection$?: Observable<ConnectionEvent>;
  close(): Promise<void>;
}

/**
 * Read a port spec argument; a bad one is a usage error (exit code 2). Commands check it
 * first thing in their action, so that `--help` never loads the serial stack.
 */
export function parsePortArg(value: string): PortSpec {
  try {
    return parsePortSpec(value);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** Options of `openPort`. */
export interface OpenPortOptions {
  /** Reopen a lost serial/TCP link instead of failing (long-running commands). @default false */
  readonly reconnect?: boolean;
  /** Options for an in-process emulator. */
  readonly emulator?: EmulatorOptions;
}

/** Open what a port spec names; an in-process emulator is created and booted. */
export async function openPort(spec: PortSpec, options: OpenPortOptions = {}): Promise<OpenedPort> {
  const label = formatPortSpec(spec);
  if (spec.kind === 'emulator') {
    // Loaded only when asked for: most runs talk to a serial port or TCP.
    const { createEmulator } = await import('@evse/transport-emulator');
    // In-process, nobody watches the boot, so skip its delays unless the caller asked for them.
    const emulator = createEmulator({ bootDelayMs: 0, postMs: 0, ...options.emulator });
    await waitForBoot(emulator);
    return { transport: emulator.transport, label, emulator, close: () => emulator.close() };
  }
  const transport = await openTransport(spec, { reconnect: options.reconnect ?? false });
  return {
    transport,
    label,
    connection$: transport.connection$,
    close: () => transport.close(),
  };
}

/** Wait until the emulated controller has finished POST (RAPI.md §4.1), at most 10 s. */
export async function waitForBoot(emulator: Emulator): Promise<void> {
  try {
    await firstValueFrom(
      emulator.control.status$.pipe(
        filter((s) => s.state !== 'starting'),
        timeout(10_000),
      ),
    );
  } catch (error) {
    await emulator.close();
    throw new CliError('the emulator did not finish booting', { cause: error });
  }
}
