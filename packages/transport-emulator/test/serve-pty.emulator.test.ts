import type { SerialPort } from 'serialport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVirtualClock } from '../src/clock.js';
import { createEmulator } from '../src/emulator.js';
import { type PtyServer, servePty } from '../src/serve-pty.js';
import type { Emulator, VirtualClock } from '../src/types.js';
import {
  type Collector,
  closeSerial,
  collect,
  flushSerial,
  openSerial,
} from './support/exposure-clients.js';

/** Seeded bytes 0..255 except `$`, so they never open a frame (RAPI.md §1.6). */
function garbage(seed: number, length: number): string {
  let x = seed;
  let out = '';
  while (out.length < length) {
    x = (x * 1103515245 + 12345) >>> 0;
    const byte = (x >>> 16) & 0xff;
    if (byte !== 0x24) out += String.fromCharCode(byte);
  }
  return out;
}

describe('servePty with the real emulator', () => {
  let emulator: Emulator;
  let clock: VirtualClock;
  let pty: PtyServer;
  let port: SerialPort;
  let rx: Collector;

  beforeAll(async () => {
    clock = createVirtualClock();
    emulator = createEmulator({ clock, rtc: new Date('2025-01-15T12:30:00Z') });
    clock.advance(10_000); // boot and POST (RAPI.md §4.1)
    pty = await servePty(emulator.device);
    port = await openSerial(pty.path);
    await flushSerial(port); // boot frames sent before anyone opened the port
    rx = collect(port);
  });
  afterAll(async () => {
    await closeSerial(port);
    await pty.close();
    await emulator.close();
  });

  it('answers $GV through the PTY byte for byte', async () => {
    rx.clear();
    port.write('$GV^35\r');
    expect(await rx.waitFor('\r')).toBe('$OK 8.2.3 5.2.1^2F\r');
  });

  it('ignores 4 KiB of garbage and a partial frame, then answers a valid command', async () => {
    rx.clear();
    port.write(Buffer.from(`${garbage(42, 4096)}$GS 1 2 3`, 'latin1'));
    port.write('$GV^35\r'); // `$` restarts the frame (RAPI.md §1.6)
    expect(await rx.waitFor('\r')).toBe('$OK 8.2.3 5.2.1^2F\r');
  });

  it('delivers the $AT of a plug-in and answers $GS in the new state', async () => {
    rx.clear();
    emulator.control.plugIn();
    clock.advance(1000); // 250 ms debounce (RAPI.md §1.12)
    expect(await rx.waitFor('\r')).toBe('$AT 02 02 24 0700^30\r');
    rx.clear();
    port.write('$GS^30\r');
    expect(await rx.waitFor('\r')).toMatch(/^\$OK 02 \d+ 02 0700\^[0-9A-F]{2}\r$/);
  });
});
