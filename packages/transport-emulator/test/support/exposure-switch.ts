/**
 * A `DevicePort` that forwards to whichever device is plugged in, so one PTY (one socat, one
 * open serial port) can serve a fresh emulator per test vector. `barrier()` sends a marker down
 * the same path as device output: once the client has read it, every byte the device sent
 * before has arrived, so "nothing more was sent" can be asserted without sleeping.
 */
import { Subject, type Subscription } from 'rxjs';
import type { DevicePort } from '../../src/types.js';

export interface SwitchDevice extends DevicePort {
  /** Route to `device` (and stop listening to the previous one). */
  plug(device: DevicePort): void;
  /** Characters delivered to the plugged device so far. */
  receivedLength(): number;
  /** Emit `marker` on the output, bypassing the device. */
  barrier(marker: string): void;
  close(): void;
}

export function createSwitchDevice(): SwitchDevice {
  const output = new Subject<string>();
  let target: DevicePort | null = null;
  let sub: Subscription | null = null;
  let received = 0;
  return {
    output$: output.asObservable(),
    receive(chunk) {
      received += chunk.length;
      target?.receive(chunk);
    },
    plug(device) {
      sub?.unsubscribe();
      target = device;
      received = 0;
      sub = device.output$.subscribe((text) => output.next(text));
    },
    receivedLength: () => received,
    barrier: (marker) => output.next(marker),
    close() {
      sub?.unsubscribe();
      output.complete();
    },
  };
}
