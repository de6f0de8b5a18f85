import { describe, expect, it } from 'vitest';
import { type Drive, drive } from './support/drive.js';

function charge(d: Drive, ms = 3000): void {
  d.emu.control.plugIn();
  d.emu.control.startCharging();
  d.advance(ms);
}

describe('faults (RAPI.md §3.1, §4.12)', () => {
  it('GFCI while charging: 06, relay open, 0x0080, counter +1, pilot 00 after 250 ms', async () => {
    const d = drive();
    charge(d);
    d.take();
    d.emu.control.injectFault('gfci');
    d.advance(50);
    expect(d.ats()).toEqual(['$AT 06 03 24 0580']);
    d.advance(500);
    expect(d.ats().at(-1)).toBe('$AT 06 00 24 0580');
    expect(d.ask('$GG')).toBe('$OK 0 240000');
    expect(d.ask('$GF')).toBe('$OK 1 0 0');
    await d.close();
  });

  it('GFCI retries after 5 min and resumes charging once the cause is gone', async () => {
    const d = drive();
    charge(d);
    d.emu.control.injectFault('gfci');
    d.advance(100);
    d.emu.control.clearFault();
    d.advance(4 * 60_000);
    expect(d.ask('$GS')).toMatch(/^\$OK 06 /);
    d.advance(60_000 + 2000);
    expect(d.ask('$GS')).toMatch(/^\$OK 03 \d+ 03 05c0$/); // GFI_TRIPPED stays until reboot
    expect(d.ask('$GF')).toBe('$OK 1 0 0');
    await d.close();
  });

  it('a GFCI trip within 2 s of the relay closing is a hard fault at once; unplug clears it', async () => {
    const d = drive();
    d.emu.control.injectFault('gfci');
    charge(d, 1000);
    expect(d.ask('$GS')).toMatch(/^\$OK 06 \d+ 0[03] 0582$/);
    d.emu.control.clearFault();
    d.advance(6 * 60_000);
    expect(d.ask('$GS')).toMatch(/^\$OK 06 /); // hard: no retry
    d.emu.control.unplug();
    d.advance(500);
    expect(d.ask('$GS')).toBe('$OK 01 0 01 0280');
    await d.close();
  });

  it('the 7th GFCI trip of an episode (after 6 retries) is hard; one episode counts once', async () => {
    const d = drive();
    charge(d);
    for (let trip = 1; trip <= 7; trip++) {
      d.emu.control.injectFault('gfci');
      d.advance(100);
      d.emu.control.clearFault();
      const gs = d.ask('$GS');
      if (trip < 7) {
        expect(gs).toMatch(/^\$OK 06 \d+ \d\d 0580$/);
        d.advance(5 * 60_000 + 1000);
        d.advance(3000); // charging again, more than 2 s after the relay closed
        expect(d.ask('$GS')).toMatch(/^\$OK 03 /);
      } else {
        expect(gs).toMatch(/^\$OK 06 \d+ \d\d 0582$/);
      }
    }
    expect(d.ask('$GF')).toBe('$OK 1 0 0');
    await d.close();
  });

  it('no ground: 07 more than 1 s after relay close, counter +1, cleared by unplug', async () => {
    const d = drive();
    d.emu.control.injectFault('noGround');
    charge(d, 700);
    expect(d.ask('$GS')).toMatch(/^\$OK 03 /);
    d.advance(1500);
    expect(d.ask('$GS')).toMatch(/^\$OK 07 /);
    expect(d.ask('$GF')).toBe('$OK 0 1 0');
    d.emu.control.unplug();
    d.advance(500);
    expect(d.ask('$GS')).toMatch(/^\$OK 01 /);
    await d.close();
  });

  it('stuck relay: 08 hard fault after > 1 s, not cleared by unplug (UL); reboot without the cause recovers', async () => {
    const d = drive();
    d.emu.control.injectFault('stuckRelay');
    d.advance(2500);
    expect(d.ask('$GS')).toBe('$OK 08 0 01 0202');
    expect(d.ask('$GF')).toBe('$OK 0 0 1');
    d.emu.control.plugIn();
    d.advance(1000);
    d.emu.control.unplug();
    d.advance(1000);
    expect(d.ask('$GS')).toMatch(/^\$OK 08 /);
    d.emu.control.clearFault();
    d.emu.control.reboot();
    d.advance(3000);
    expect(d.ask('$GS')).toBe('$OK 01 0 01 0200');
    await d.close();
  });

  it('POST failures: $AB 07/08/09 then forced $AT; RAPI keeps answering', async () => {
    for (const [kind, code] of [
      ['noGround', '07'],
      ['stuckRelay', '08'],
      ['gfiSelfTest', '09'],
    ] as const) {
      const d = drive({}, false);
      d.emu.control.injectFault(kind);
      d.advance(3000);
      expect(d.take()).toContain(`$AB ${code} 8.2.3`);
      expect(d.ask('$GV')).toBe('$OK 8.2.3 5.2.1');
      expect(d.ask('$GS')).toBe(`$OK ${code} 0 00 0200`);
      await d.close();
    }
  });

  for (const [kind, code, expectVflags] of [
    ['gfiSelfTest', '09', '0502'],
    ['relayClosure', '0e', '0502'],
    ['ventRequired', '04', '0702'],
    ['diodeCheck', '05', '0702'],
  ] as const) {
    it(`${kind}: ${code} hard fault before the relay closes; unplug clears it`, async () => {
      const d = drive();
      d.emu.control.injectFault(kind);
      charge(d, 1000);
      expect(d.ask('$GS')).toMatch(new RegExp(`^\\$OK ${code} 0 \\d\\d ${expectVflags}$`));
      expect(d.emu.control.status().relayClosed).toBe(false);
      d.emu.control.unplug();
      d.advance(500);
      expect(d.ask('$GS')).toMatch(/^\$OK 01 0 01 02/);
      await d.close();
    });
  }

  it('over-temperature: panic at ≥ 71 °C after a 5 s busy wait: 0a, then unplug clears', async () => {
    const d = drive();
    charge(d);
    d.emu.control.injectFault('overTemperature');
    d.advance(2000);
    // Busy wait: the command waits in the UART buffer.
    d.take();
    d.emu.device.receive('$GS^30\r');
    expect(d.take()).toBe('');
    d.advance(6000);
    expect(d.take()).toMatch(/\$OK 0a \d+ 03 0502\^..\r/);
    d.emu.control.clearFault();
    d.emu.control.unplug();
    d.advance(1500);
    expect(d.ask('$GS')).toMatch(/^\$OK 01 /);
    await d.close();
  });

  it('over-current only on EU/T2 builds: ≥ capacity + 5 A for 10 s → 0b', async () => {
    const eu = drive({ profile: 'platformio', variant: 'EU' });
    charge(eu);
    eu.emu.control.injectFault('overCurrent');
    eu.advance(9000);
    expect(eu.ask('$GS')).toMatch(/^\$OK 03 /);
    eu.advance(3000);
    expect(eu.ask('$GS')).toMatch(/^\$OK 0b /);
    await eu.close();
    const us = drive();
    charge(us);
    us.emu.control.injectFault('overCurrent');
    us.advance(20_000);
    expect(us.ask('$GS')).toMatch(/^\$OK 03 /); // US build has no OVERCURRENT_THRESHOLD
    await us.close();
  });

  it('$GF counters stop at 254 (0xfe)', async () => {
    const d = drive();
    for (let i = 0; i < 256; i++) {
      charge(d, 2500);
      d.emu.control.injectFault('gfci');
      d.advance(100);
      d.emu.control.clearFault();
      d.emu.control.unplug();
      d.advance(200);
    }
    expect(d.ask('$GF')).toBe('$OK fe 0 0');
    await d.close();
  });

  it('rejects unknown fault kinds with a TypeError and changes nothing', async () => {
    const d = drive();
    expect(() => d.emu.control.injectFault('meltdown' as never)).toThrow(TypeError);
    expect(d.ask('$GS')).toBe('$OK 01 0 01 0200');
    await d.close();
  });
});
