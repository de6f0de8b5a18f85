/**
 * Small test driver: an emulator on a virtual clock with a record of everything it sent.
 */
import { withChecksum } from '@evse/core';
import type { Emulator, EmulatorOptions, VirtualClock } from '../../src/index.js';
import { createEmulator, createVirtualClock } from '../../src/index.js';
import { S0_RTC } from './vector-states.js';

/** Driver around one emulator. */
export interface Drive {
  emu: Emulator;
  clock: VirtualClock;
  /** Everything the device sent since the last `take()`. */
  take(): string;
  /** Send a command (checksum added) and return its reply line, without `^XX\r`. */
  ask(cmd: string): string;
  /** `$AT` frames (bodies) sent since the last `take()`, without consuming the output. */
  ats(): string[];
  advance(ms: number): void;
  close(): Promise<void>;
}

/** Create, boot (unless `boot: false`) and return a driver. */
export function drive(options: EmulatorOptions = {}, boot = true): Drive {
  const clock = createVirtualClock();
  const emu = createEmulator({ rtc: S0_RTC, ...options, clock });
  let out = '';
  const sub = emu.device.output$.subscribe((t) => {
    out += t;
  });
  const d: Drive = {
    emu,
    clock,
    take() {
      const t = out;
      out = '';
      return t;
    },
    ask(cmd) {
      const before = out.length;
      emu.device.receive(`${withChecksum(cmd)}\r`);
      const reply = out.slice(before).match(/\$(OK|NK)[^\r^]*/);
      if (!reply) throw new Error(`no reply to ${cmd}`);
      return reply[0];
    },
    ats: () => [...out.matchAll(/\$AT [^^]*/g)].map((m) => m[0]),
    advance: (ms) => clock.advance(ms),
    async close() {
      sub.unsubscribe();
      await emu.close();
    },
  };
  if (boot) clock.advance(3000);
  return d;
}
