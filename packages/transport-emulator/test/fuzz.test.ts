import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src/wire.js';
import { drive } from './support/drive.js';

// Garbage alphabet: frame delimiters, checksum marks, separators, digits, high bytes and the
// letters of get/test commands only — never F, S or Z, so no garbage frame can change state.
const ALPHABET = '$$$$^^**\r\r\r\n  ::0123456789abcdefABCDEGHIKPTUVXYgs\u00ff\u0000\u007f';

describe('fuzz: 100,000 random chunks', () => {
  it('never crashes, garbage changes no state, the next valid command is answered', async () => {
    const d = drive();
    d.emu.control.plugIn();
    d.advance(1000);
    const before = {
      gs: d.ask('$GS'),
      ge: d.ask('$GE'),
      gc: d.ask('$GC'),
      gu: d.ask('$GU'),
      gf: d.ask('$GF'),
      status: d.emu.control.status(),
    };
    let bytesOut = 0;
    const sub = d.emu.device.output$.subscribe((t) => {
      bytesOut += t.length;
    });
    const random = seededRandom(0x5eed);
    let bytesIn = 0;
    for (let i = 0; i < 100_000; i++) {
      const n = 1 + Math.floor(random() * 40);
      let chunk = '';
      for (let j = 0; j < n; j++) chunk += ALPHABET[Math.floor(random() * ALPHABET.length)];
      bytesIn += n;
      d.emu.device.receive(chunk);
    }
    sub.unsubscribe();
    expect(bytesIn).toBeGreaterThan(1_000_000);
    expect(bytesOut).toBeGreaterThan(0); // many garbage frames were answered ($NK or getters)
    d.take();
    // `$` restarts any partial frame, so the next valid command is answered exactly.
    d.emu.device.receive('$GV^35\r');
    expect(d.take()).toBe('$OK 8.2.3 5.2.1^2F\r');
    expect(d.ask('$GS')).toBe(before.gs);
    expect(d.ask('$GE')).toBe(before.ge);
    expect(d.ask('$GC')).toBe(before.gc);
    expect(d.ask('$GU')).toBe(before.gu);
    expect(d.ask('$GF')).toBe(before.gf);
    const after = d.emu.control.status();
    expect({ ...after, uptimeMs: 0 }).toEqual({ ...before.status, uptimeMs: 0 });
    await d.close();
  });
});
