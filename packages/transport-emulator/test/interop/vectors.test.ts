/**
 * All 118 RAPI.md §6 vectors sent and read by third-party clients, byte for byte: Python's
 * pyserial on the emulator's PTY, a plain Python `socket` on its TCP port, and pyserial's
 * `socket://` URL handler on a TCP port. Node puts a fresh emulator into each vector's state
 * (S0–S5, `support/vector-states.ts`, virtual clock) and plugs it into the one PTY/TCP line;
 * the Python process writes the request and reads until a barrier marker that Node sends after
 * the device has had every byte, so "exactly this and nothing more" is asserted without
 * sleeping.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { servePty } from '../../src/serve-pty.js';
import { serveTcp } from '../../src/serve-tcp.js';
import { createSwitchDevice } from '../support/exposure-switch.js';
import { emulatorForVector, loadVectors } from '../support/vector-states.js';
import { hasPySerial, type PythonPipe, startPipe } from './support/python.js';

const vectors = loadVectors();

const lines = [
  {
    name: 'pyserial on the PTY',
    open: async (device: ReturnType<typeof createSwitchDevice>) => {
      const pty = await servePty(device);
      return { args: ['serial', pty.path], close: () => pty.close() };
    },
  },
  {
    name: 'Python socket on TCP',
    open: async (device: ReturnType<typeof createSwitchDevice>) => {
      const tcp = await serveTcp(device, { port: 0 });
      return {
        args: ['tcp', '127.0.0.1', String(tcp.address.port)],
        close: () => tcp.close(),
      };
    },
  },
  {
    name: 'pyserial socket:// URL on TCP',
    open: async (device: ReturnType<typeof createSwitchDevice>) => {
      const tcp = await serveTcp(device, { port: 0 });
      return {
        args: ['serial', `socket://127.0.0.1:${tcp.address.port}`],
        close: () => tcp.close(),
      };
    },
  },
];

for (const kind of lines) {
  describe.skipIf(!hasPySerial)(`RAPI.md §6 vectors through ${kind.name}`, () => {
    const line = createSwitchDevice();
    let server: { args: string[]; close: () => Promise<void> };
    let py: PythonPipe;
    let barriers = 0;

    beforeAll(async () => {
      server = await kind.open(line);
      py = await startPipe(server.args);
      // Nothing is plugged yet: the line starts silent.
      expect(await py.call({ op: 'drain', ms: 50 })).toEqual({ data: '' });
    }, 20_000);
    afterAll(async () => {
      await py?.close();
      await server?.close();
      line.close();
    });

    /** What the client read up to a fresh barrier (which Node sends now). */
    const readToBarrier = async (): Promise<string> => {
      const marker = `\u0000barrier ${++barriers}\u0000`;
      const answer = py.call({ op: 'readto', marker, ms: 3000 });
      line.barrier(marker);
      const got = await answer;
      expect(got.error).toBeUndefined();
      return got.data ?? '';
    };

    it('has all 118 vectors', () => expect(vectors).toHaveLength(118));

    for (const v of vectors) {
      it(v.name, async () => {
        const { emulator, clock, vcase } = emulatorForVector(v);
        try {
          line.plug(emulator.device); // output of the set-up steps is not on the line
          if (v.request) {
            expect(await py.call({ op: 'write', data: v.request })).toEqual({ ok: true });
            // Replies are synchronous on a virtual clock: once the device has every byte,
            // its answer is on its way and the barrier queues behind it.
            await vi.waitUntil(() => line.receivedLength() === v.request.length, {
              timeout: 3000,
              interval: 2,
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
}
