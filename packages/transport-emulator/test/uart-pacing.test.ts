/**
 * `baud` paces the emulator like the controller's UART (10 bits a byte, 8N1): a `$GS` round
 * trip at 115200 baud takes the ≈ 2.5 ms it takes on a real station, not microseconds.
 */
import { createRapiClient, withChecksum } from '@evse/core';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../src/index.js';
import { drive } from './support/drive.js';

const MS_PER_BYTE = 10_000 / 115_200;

describe('UART pacing (baud option)', () => {
  it('on a virtual clock: the reply arrives when command and reply bytes have crossed the wire', async () => {
    const d = drive({ baud: 115_200 });
    d.take();
    const command = `${withChecksum('$GS')}\r`;
    d.emu.device.receive(command);
    const reply = `${withChecksum('$OK 01 0 01 0200')}\r`;
    const due = (command.length + reply.length) * MS_PER_BYTE;
    d.advance(due - 0.05);
    expect(d.take()).toBe('');
    d.advance(0.1);
    expect(d.take()).toBe(reply);
    await d.close();
  });

  // Only lower bounds on the real clock: a loaded machine makes everything slower, never faster
  // (the exact timing is the virtual-clock test above; speed is bench/rapi.ts's job).
  it('on the real clock: a $GS round trip at 115200 baud takes at least the wire time', async () => {
    const mean = async (baud: number) => {
      const emu = createEmulator({ bootDelayMs: 0, postMs: 0, baud });
      const client = createRapiClient(emu.transport, { timeoutMs: 1000 });
      await new Promise((r) => setTimeout(r, 200));
      await client.request('GS');
      const t0 = performance.now();
      for (let i = 0; i < 40; i++) await client.request('GS');
      const ms = (performance.now() - t0) / 40;
      await client.close();
      await emu.close();
      return ms;
    };
    const paced = await mean(115_200);
    const wire =
      (`${withChecksum('$GS')}\r`.length + `${withChecksum('$OK 01 0 01 0200')}\r`.length) *
      MS_PER_BYTE;
    expect(paced).toBeGreaterThanOrEqual(wire);
  });
});
