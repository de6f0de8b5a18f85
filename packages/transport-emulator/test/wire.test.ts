import { withChecksum } from '@evse/core';
import { describe, expect, it } from 'vitest';
import { drive } from './support/drive.js';

const GV = '$GV^35\r';
const GV_REPLY = '$OK 8.2.3 5.2.1^2F\r';

describe('wire faults (STYLE.md §2.11)', () => {
  it('drops the next reply, then every Nth', async () => {
    const d = drive();
    d.take();
    d.emu.control.wire.dropNext();
    d.emu.device.receive(GV);
    expect(d.take()).toBe('');
    d.emu.device.receive(GV);
    expect(d.take()).toBe(GV_REPLY);
    d.emu.control.wire.set({ dropEvery: 2 });
    d.emu.device.receive(GV + GV + GV + GV);
    expect(d.take()).toBe(GV_REPLY + GV_REPLY);
    await d.close();
  });

  it('corrupts a checksum', async () => {
    const d = drive();
    d.take();
    d.emu.control.wire.corruptNext();
    d.emu.device.receive(GV);
    const bad = d.take();
    expect(bad).not.toBe(GV_REPLY);
    expect(bad.slice(0, -3)).toBe(GV_REPLY.slice(0, -3));
    await d.close();
  });

  it('delays replies on the clock; a later $AT never overtakes its reply', async () => {
    const d = drive({ wire: { delayMs: 500 } });
    d.take();
    d.emu.device.receive('$SC 16^13\r');
    expect(d.take()).toBe('');
    d.advance(499);
    expect(d.take()).toBe('');
    d.advance(1);
    expect(d.take()).toBe('$OK 16^07\r$AT 01 01 16 0200^34\r');
    await d.close();
  });

  it('answers every Nth command with $NK^21 without executing it', async () => {
    const d = drive({ wire: { nkEvery: 2 } });
    d.take();
    d.emu.device.receive(`${withChecksum('$SC 10')}\r${withChecksum('$SC 12')}\r`);
    expect(d.take()).toBe(
      `${withChecksum('$OK 10')}\r${withChecksum('$AT 01 01 10 0200')}\r$NK^21\r`,
    );
    expect(d.emu.control.status().currentCapacity).toBe(10);
    await d.close();
  });

  it('splits output into seeded random chunks, reproducibly', async () => {
    const chunksOf = async (seed: number) => {
      const d = drive({ wire: { chunking: { seed, maxChunk: 4 } } });
      const chunks: string[] = [];
      const sub = d.emu.device.output$.subscribe((c) => chunks.push(c));
      d.emu.device.receive(GV);
      sub.unsubscribe();
      await d.close();
      return chunks;
    };
    const a = await chunksOf(7);
    expect(a.join('')).toBe(GV_REPLY);
    expect(a.length).toBeGreaterThan(4);
    expect(Math.max(...a.map((c) => c.length))).toBeLessThanOrEqual(4);
    expect(await chunksOf(7)).toEqual(a);
    expect(await chunksOf(8)).not.toEqual(a);
  });

  it('injects an unsolicited $AT and V6 debug noise', async () => {
    const d = drive({ wire: { debugNoise: true } }, false);
    d.advance(500);
    expect(d.take()).toBe('\r\nrelayCloseMs: 100\r\nrelayHoldPwm: 255\r\n$AT 00 00 0 0200^03\r');
    d.advance(2500);
    d.take();
    d.emu.control.wire.injectAt();
    expect(d.take()).toBe('$AT 01 01 24 0200^35\r');
    d.emu.control.plugIn();
    d.emu.control.startCharging();
    d.advance(1000);
    expect(d.take()).toContain('\r\nrelayCloseMs: 100\r\nrelayHoldPwm: 255\r\n$AT 03 03 24 0540');
    d.emu.control.wire.reset();
    expect(d.emu.control.wire.get()).toEqual({
      dropEvery: 0,
      delayMs: 0,
      corruptEvery: 0,
      nkEvery: 0,
      chunking: null,
      debugNoise: false,
    });
    await d.close();
  });
});
