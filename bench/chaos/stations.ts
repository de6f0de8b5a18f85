/**
 * The chaos run's bridged stations: emulators in the harness process, each served on a real
 * pseudo-terminal (socat) at a fixed link path that its `evse bridge` opens like a serial
 * port. An unplug closes the PTY (socat dies, the link disappears) and a replug serves the same
 * emulator at the same path again: the bridge sees the serial port vanish and come back, as
 * a USB adapter pulled and pushed back. Wire faults use the emulator's knobs (`control.wire`).
 */
import { join } from 'node:path';
import { createEmulator, type Emulator, type PtyServer, servePty } from '@evse/transport-emulator';
import { registerWh } from '../reconcile.js';

/** One emulated station on its PTY. */
export class PtyStation {
  readonly id: string;
  readonly path: string;
  readonly emulator: Emulator;
  #pty: PtyServer | null = null;
  #startWh = 0;

  constructor(id: string, dir: string) {
    this.id = id;
    this.path = join(dir, `tty-${id}`);
    // A 1 s control loop while charging steadily: energy is integrated over elapsed time.
    this.emulator = createEmulator({ bootDelayMs: 0, postMs: 0, chargingLoopMs: 1000 });
  }

  /** The meter register, Wh: lifetime plus the open session (RAPI.md §4.7). */
  registerWh(): number {
    return registerWh(this.emulator.control.status());
  }

  get startWh(): number {
    return this.#startWh;
  }

  get plugged(): boolean {
    return this.#pty !== null;
  }

  async start(): Promise<void> {
    this.#startWh = this.registerWh();
    await this.plug();
  }

  /** Serve the emulator on its PTY path (again). */
  async plug(): Promise<void> {
    if (this.#pty) return;
    this.#pty = await servePty(this.emulator.device, { path: this.path });
  }

  /** Pull the serial cable: socat dies and the path disappears. */
  async unplug(): Promise<void> {
    const pty = this.#pty;
    this.#pty = null;
    await pty?.close();
  }

  async close(): Promise<void> {
    await this.unplug();
    await this.emulator.close();
  }
}
