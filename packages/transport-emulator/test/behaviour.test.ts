import { describe, expect, it } from 'vitest';
import { createEmulator } from '../src/index.js';
import { drive } from './support/drive.js';

describe('limits, heartbeat, delay timer, auth lock (RAPI.md §4.5–§4.11)', () => {
  it('$S3 time limit: sleeps after n × 15 min of charge with 0x0004; unplug ends the limit sleep', async () => {
    const d = drive();
    d.emu.control.plugIn();
    d.emu.control.startCharging();
    d.advance(1000);
    expect(d.ask('$S3 1')).toBe('$OK');
    expect(d.ask('$G3')).toBe('$OK 1');
    d.take();
    d.advance(15 * 60_000);
    expect(d.ats()[0]).toBe('$AT fe 03 24 0544');
    expect(d.ask('$G3')).toBe('$OK 0');
    d.advance(5000);
    expect(d.emu.control.status().relayClosed).toBe(false);
    d.emu.control.unplug();
    d.advance(500);
    expect(d.ask('$GS')).toMatch(/^\$OK 01 \d+ 01 0200$/);
    await d.close();
  });

  it('$SH energy limit: sleeps when session Ws ≥ kWh × 3 600 000', async () => {
    const d = drive();
    d.emu.control.plugIn();
    d.emu.control.startCharging();
    d.advance(1000);
    expect(d.ask('$SH 1')).toBe('$OK');
    d.advance(20 * 60_000);
    expect(d.ask('$GS')).toMatch(/^\$OK fe /);
    const ws = Number(d.ask('$GU').split(' ')[1]);
    expect(ws).toBeGreaterThanOrEqual(3_600_000);
    expect(ws).toBeLessThan(3_600_000 + 5000);
    await d.close();
  });

  it('unplug clears both limits (entry to A)', async () => {
    const d = drive();
    d.emu.control.plugIn();
    d.advance(1000);
    expect(d.ask('$S3 4')).toBe('$OK');
    expect(d.ask('$SH 10')).toBe('$OK');
    expect(d.ask('$GS')).toBe('$OK 02 0 02 2710');
    d.emu.control.unplug();
    d.advance(500);
    expect(d.ask('$G3')).toBe('$OK 0');
    expect(d.ask('$GH')).toBe('$OK 0');
    expect(d.ask('$GS')).toBe('$OK 01 0 01 0200');
    await d.close();
  });

  it('limits do not exist on the PlatformIO profile', async () => {
    const d = drive({ profile: 'platformio' });
    for (const c of ['$S3 1', '$G3', '$SH 1', '$GH']) expect(d.ask(c)).toBe('$NK');
    await d.close();
  });

  it('heartbeat: 16-bit timeout quirk ($SY 100 → 34.5 s), re-fires, ack restores', async () => {
    const d = drive();
    expect(d.ask('$SY 100 8')).toBe('$OK 100 8 0');
    d.advance(34_000);
    expect(d.ask('$GY')).toBe('$OK 100 8 0');
    d.advance(1600);
    expect(d.ask('$GY')).toBe('$OK 100 8 2');
    expect(d.ask('$GE')).toBe('$OK 8 0001');
    expect(d.ask('$SY')).toBe('$NK 100 8 2');
    expect(d.ask('$SY 165')).toBe('$OK 100 8 1');
    expect(d.ask('$GE')).toBe('$OK 24 0001');
    await d.close();
  });

  it('delay timer: sleeps outside the window, wakes inside it, RTC keeps time', async () => {
    const d = drive();
    d.ask('$S1 25 1 15 21 59 0');
    expect(d.ask('$ST 22 0 6 0')).toBe('$OK');
    d.advance(2000);
    expect(d.ask('$GS')).toBe('$OK fe 0 01 1200');
    expect(d.ask('$GD')).toBe('$OK 22 0 6 0');
    d.advance(60_000);
    expect(d.ask('$GT')).toBe('$OK 25 1 15 22 0 2');
    d.advance(2000);
    expect(d.ask('$GS')).toBe('$OK 01 0 01 1200');
    await d.close();
  });

  it('auth lock build: starts locked, EV cannot charge until $S4 0, re-locks on unplug', async () => {
    const d = drive({ authLock: true });
    expect(d.ask('$G4')).toBe('$OK 1');
    d.emu.control.plugIn();
    d.emu.control.startCharging();
    d.advance(2000);
    expect(d.ask('$GS')).toBe('$OK 02 0 02 0708');
    expect(d.ask('$S4 0')).toBe('$OK');
    d.advance(1000);
    expect(d.ask('$GS')).toMatch(/^\$OK 03 \d+ 03 0540$/);
    d.emu.control.unplug();
    d.advance(500);
    expect(d.ask('$G4')).toBe('$OK 1');
    await d.close();
  });

  it('$FR: no reply, reboot after 1 s (+3 s while charging); EEPROM survives, volatile does not', async () => {
    const d = drive();
    d.ask('$SC 20');
    d.ask('$SV 200000');
    d.emu.control.plugIn();
    d.emu.control.startCharging();
    d.advance(1000);
    d.take();
    d.emu.device.receive('$FR^30\r');
    expect(d.take()).toBe('');
    d.advance(3900);
    expect(d.take()).toBe('');
    d.advance(3000);
    expect(d.take()).toContain('$AB 00 8.2.3');
    d.advance(2000);
    expect(d.ask('$GG')).toMatch(/^\$OK \d+ 240000$/);
    expect(d.ask('$GC')).toBe('$OK 6 80 20 20');
    await d.close();
  });

  it('swipes and status$ for the OCPP bridge', async () => {
    const d = drive();
    const tags: string[] = [];
    const states: string[] = [];
    const s1 = d.emu.control.swipes$.subscribe((s) => tags.push(s.idTag));
    const s2 = d.emu.control.status$.subscribe((s) => states.push(s.state));
    d.emu.control.swipe('CARD-1');
    d.emu.control.plugIn();
    d.advance(1000);
    expect(tags).toEqual(['CARD-1']);
    // status$ emits on every visible change (here also the raw plug-in before the debounce).
    expect(states.filter((s, i) => s !== states[i - 1])).toEqual(['notConnected', 'connected']);
    expect(() => d.emu.control.swipe('')).toThrow(TypeError);
    s1.unsubscribe();
    s2.unsubscribe();
    await d.close();
  });
});

describe('createEmulator arguments', () => {
  it('rejects bad options with a TypeError naming them', () => {
    expect(() => createEmulator({ profile: 'esp' as never })).toThrow(/options\.profile/);
    expect(() => createEmulator({ variant: 'UK' as never })).toThrow(/options\.variant/);
    expect(() => createEmulator({ bootDelayMs: -1 })).toThrow(/options\.bootDelayMs/);
    expect(() => createEmulator({ rtc: new Date(Number.NaN) })).toThrow(/options\.rtc/);
    expect(() => createEmulator({ ev: { maxCurrentA: Number.NaN } })).toThrow(
      /options\.ev\.maxCurrentA/,
    );
    expect(() => createEmulator({ clock: 'fake' as never })).toThrow(/options\.clock/);
  });
});
