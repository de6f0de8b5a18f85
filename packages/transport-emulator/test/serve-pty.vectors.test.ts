/**
 * All 118 RAPI.md §6 vectors through a real PTY, byte for byte: a `serialport` client writes
 * each request to the PTY path and must read exactly the vector's response, nothing more. One
 * PTY serves a fresh emulator per vector (set up by the firmware helper's `emulatorForVector`)
 * through a switchable device port. A barrier marker sent after the device output proves that
 * nothing else arrived, without sleeping.
 */
import type { SerialPort } from 'serialport';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type PtyServer, servePty } from '../src/serve-pty.js';
import {
  type Collector,
  closeSerial,
  collect,
  flushSerial,
  openSerial,
} from './support/exposure-clients.js';
import { createSwitchDevice } from './support/exposure-switch.js';
import { emulatorForVector, loadVectors } from './support/vector-states.js';

const vectors = loadVectors();

describe('RAPI.md §6 test vectors through servePty + serialport, byte for byte', () => {
  const line = createSwitchDevice();
  let pty: PtyServer;
  let port: SerialPort;
  let rx: Collector;
  let barriers = 0;

  beforeAll(async () => {
    pty = await servePty(line);
    port = await openSerial(pty.path);
    await flushSerial(port);
    rx = collect(port);
  });
  afterAll(async () => {
    await closeSerial(port);
    await pty.close();
    line.close();
  });

  /** Everything the client read up to a fresh barrier, without the barrier. */
  const readToBarrier = async (): Promise<string> => {
    const marker = `\u0000barrier ${++barriers}\u0000`;
    line.barrier(marker);
    const text = await rx.waitFor(marker);
    rx.clear();
    return text.slice(0, -marker.length);
  };

  it('has all 118 vectors', () => {
    expect(vectors).toHaveLength(118);
  });

  for (const v of vectors) {
    it(v.name, async () => {
      const { emulator, clock, vcase } = emulatorForVector(v);
      try {
        line.plug(emulator.device); // output of the set-up steps is not on the line
        rx.clear();
        if (v.request) {
          port.write(Buffer.from(v.request, 'latin1'));
          // Replies are synchronous on a virtual clock: once the device has every byte, its
          // answer is already on its way.
          await vi.waitUntil(() => line.receivedLength() === v.request.length, {
            timeout: 2000,
            interval: 1,
          });
        } else {
          vcase.trigger?.(emulator, clock);
        }
        expect(JSON.stringify(await readToBarrier())).toBe(JSON.stringify(v.response));
        if (vcase.later) {
          clock.advance(vcase.later.ms);
          expect(JSON.stringify(await readToBarrier())).toBe(JSON.stringify(vcase.later.output));
        }
      } finally {
        await emulator.close();
      }
    });
  }
});
