import { describe, expect, it } from 'vitest';
import { drive } from './support/drive.js';

const field = (reply: string, i: number) => Number(reply.split(' ')[i]);

describe('a 30-minute charge on the virtual clock', () => {
  it('energy equals ∫ current × voltage within 0.5 %; lifetime Wh only at unplug', async () => {
    const d = drive();
    d.emu.control.plugIn();
    d.emu.control.startCharging();
    d.advance(1000);
    expect(d.ask('$GS')).toMatch(/^\$OK 03 /);
    let integral = 0; // Ws, from what a client sees each second
    for (let s = 0; s < 30 * 60; s++) {
      const gg = d.ask('$GG');
      const ma = field(gg, 1);
      const mv = field(gg, 2);
      expect(ma).toBeLessThanOrEqual(24_000); // never above min(pilot 24 A, EV 32 A)
      integral += ((ma / 1000) * (mv / 1000) * 1000) / 1000;
      d.advance(1000);
      // Lifetime Wh is only updated at unplug (RAPI.md §4.7).
      if (s % 300 === 0) expect(field(d.ask('$GU'), 2)).toBe(0);
    }
    const ws = field(d.ask('$GU'), 1);
    expect(integral).toBeGreaterThan(10_000_000); // 24 A × 240 V × 1800 s ≈ 10.4 MWs
    expect(Math.abs(ws - integral) / integral).toBeLessThan(0.005);
    const elapsed = field(d.ask('$GS'), 2);
    expect(elapsed).toBeGreaterThanOrEqual(1800);
    d.emu.control.unplug();
    d.advance(500);
    expect(d.ask('$GU')).toBe(`$OK ${ws} ${Math.floor(ws / 3600)}`);
    // Session Ws stays readable until the next plug-in, which starts a new session (§4.3).
    d.emu.control.plugIn();
    d.advance(500);
    expect(d.ask('$GU')).toBe(`$OK 0 ${Math.floor(ws / 3600)}`);
    await d.close();
  });

  it('throttles on a hot ambient: half capacity at 65 °C, back at ≤ 62 °C; $SC cannot raise it', async () => {
    const d = drive({ ambientC: 60 });
    d.emu.control.plugIn();
    d.emu.control.startCharging();
    d.advance(1000);
    d.take();
    let throttledAt = -1;
    for (let s = 0; s < 20 * 60 && throttledAt < 0; s++) {
      d.advance(1000);
      if (d.emu.control.status().currentCapacity === 12) throttledAt = s;
    }
    expect(throttledAt).toBeGreaterThan(0);
    expect(d.ats()).toContain('$AT 03 03 12 0540');
    const temps = d.ask('$GP').split(' ').map(Number);
    expect(Math.max(temps[1] ?? 0, temps[2] ?? 0)).toBeGreaterThanOrEqual(650);
    // The EV follows the pilot: current drops to ≤ 12 A.
    d.advance(1000);
    expect(field(d.ask('$GG'), 1)).toBeLessThanOrEqual(12_000);
    expect(d.ask('$SC 20 V')).toBe('$NK 12');
    // Cool down: ambient back to 25 °C restores the configured maximum.
    d.emu.control.setAmbient(25);
    d.advance(5 * 60_000);
    expect(d.emu.control.status().currentCapacity).toBe(24);
    await d.close();
  });

  it('the EV battery fills, tapers, then the EV stops drawing (→ B)', async () => {
    const d = drive({ ev: { batteryKwh: 2, socPercent: 75, maxCurrentA: 32 } });
    d.emu.control.plugIn();
    d.emu.control.startCharging();
    d.advance(1000);
    expect(field(d.ask('$GG'), 1)).toBe(24_000);
    d.take();
    let tapered = false;
    for (let s = 0; s < 3600 && d.emu.control.status().evseState === 3; s++) {
      d.advance(1000);
      const ma = d.emu.control.status().currentMa;
      if (ma > 0 && ma < 24_000) tapered = true;
    }
    expect(tapered).toBe(true);
    expect(d.emu.control.status().ev.socPercent).toBe(100);
    expect(d.ats().at(-1)).toBe('$AT 02 02 24 0500');
    expect(d.ask('$GG')).toBe('$OK 0 240000');
    await d.close();
  });
});
