/**
 * `createEmulator`: wires the firmware model, the wire-fault layer and the host-side
 * transport together (contracts.md §4).
 */
import { type Transport, TransportClosedError } from '@evse/core';
import { BehaviorSubject, Subject } from 'rxjs';
import { createRealClock } from './clock.js';
import { formatReply, parseFrame } from './frame.js';
import { createReceiver } from './receiver.js';
import type {
  DevicePort,
  Emulator,
  EmulatorControl,
  EmulatorOptions,
  EmulatorStatus,
} from './types.js';

/** Create one emulated OpenEVSE controller; it starts booting at once. */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const clock = options.clock && options.clock !== 'real' ? options.clock : createRealClock();
  const output = new Subject<string>();
  const receiver = createReceiver();
  let closed = false;
  const device: DevicePort = {
    output$: output.asObservable(),
    receive(chunk) {
      if (closed) return;
      receiver.feed(chunk, (frame) => {
        const cmd = parseFrame(frame);
        if (!cmd) return output.next(formatReply(false, null, 0));
        if (cmd.tokens[0] === '$GV') return output.next(formatReply(true, '8.2.3 5.2.1', cmd.seq));
        output.next(formatReply(false, null, cmd.seq));
      });
    },
  };
  const status = (): EmulatorStatus => {
    throw new Error('not implemented yet');
  };
  const control = {
    status,
    status$: new BehaviorSubject<EmulatorStatus | null>(null),
  } as unknown as EmulatorControl;
  const transport: Transport = {
    data$: output.asObservable(),
    async write(text) {
      if (closed) throw new TransportClosedError();
      device.receive(text);
    },
    async close() {
      closed = true;
      output.complete();
    },
  };
  return {
    transport,
    device,
    control,
    clock,
    async close() {
      await transport.close();
    },
  };
}
