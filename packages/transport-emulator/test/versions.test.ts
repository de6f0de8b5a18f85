/**
 * Each firmware profile speaks its version's RAPI (docs/protocol/FIELD-FIRMWARE.md §1, §2):
 * `$GV`, `$GS`, async `$ST` or `$AT`/`$AB`, checksums, sequence ids, boot lock, and the ways
 * a sleeping EVSE wakes.
 */
import { withChecksum } from '@evse/core';
import { describe, expect, it } from 'vitest';
import { drive } from './support/drive.js';

/** Frames as a checksummed wire carries them (checksums computed, never typed). */
const wire = (...frames: string[]) => frames.map((f) => `${withChecksum(f)}\r`).join('');

/** Boot output and the raw answer to `input`, as the wire carries them. */
function talk(d: ReturnType<typeof drive>, input: string): string {
  d.take();
  d.emu.device.receive(input);
  d.advance(500);
  return d.take();
}

describe('firmware profiles on the wire (FIELD-FIRMWARE.md §2)', () => {
  it('3.11.3 (RAPI 1.0.3): no checksums, `$OK ` with a space, decimal $GS, $ST before the reply, no sequence ids', async () => {
    const d = drive({ firmware: '3.11.3' }, false);
    d.advance(3000);
    expect(d.take()).toBe('$ST 00\r$ST 01\r');
    expect(talk(d, '$GV\r$GS :12\r')).toBe('$OK 3.11.3 1.0.3\r$OK 1 0\r');
    expect(talk(d, '$FD\r')).toBe('$ST ff\r$OK \r');
    expect(talk(d, '$G0\r$SZ 1\r')).toBe('$NK \r$OK \r');
    await d.close();
  });

  it('4.8.0 (RAPI 3.0.1): checksums and sequence ids; $SD instead of $FF', async () => {
    const d = drive({ firmware: '4.8.0' });
    expect(d.ask('$GV')).toBe('$OK 4.8.0 3.0.1');
    expect(d.ask('$SD 0')).toBe('$OK');
    expect(d.ask('$GE')).toBe('$OK 16 0003'); // 16 A: the 4.x L2 default
    expect(d.ask('$FF D 1')).toBe('$NK');
    expect(d.ask('$GC')).toBe('$OK 10 80'); // L2 from 10 A before 5.0
    expect(d.ask('$GS :2a')).toMatch(/^\$OK 1 \d+ :2A$/);
    await d.close();
  });

  it('5.0.1 (RAPI 4.0.1): checksummed $ST xx on state changes only, no $AB; decimal $GS', async () => {
    const d = drive({ firmware: '5.0.1' }, false);
    d.advance(3000);
    expect(d.take()).toBe(wire('$ST 00', '$ST 01'));
    expect(d.ask('$GV')).toBe('$OK 5.0.1 4.0.1');
    d.take();
    d.emu.control.plugIn();
    d.advance(1000);
    expect(d.take()).toBe(wire('$ST 02'));
    expect(d.ask('$GS')).toMatch(/^\$OK 2 \d+$/);
    expect(d.ask('$FF B 0')).toBe('$NK');
    expect(d.ask('$SL A')).toBe('$NK');
    expect(d.ask('$GC')).toBe('$OK 6 32'); // the v5.0.1 tag's 32 A L2
    await d.close();
  });

  it('7.1.3 (RAPI 5.1.3): $AT/$AB and hex $GS, four-field $GC, no heartbeat ($SY → $NK)', async () => {
    const d = drive({ firmware: '7.1.3' }, false);
    d.advance(3000);
    expect(d.take()).toBe(wire('$AT 00 00 0 0200', '$AB 00 7.1.3', '$AT 01 01 24 0200'));
    expect(d.ask('$GV')).toBe('$OK 7.1.3 5.1.3');
    expect(d.ask('$SY')).toBe('$NK');
    expect(d.ask('$GC')).toBe('$OK 6 80 24 24');
    await d.close();
  });

  it('a version suffix follows the variant', async () => {
    const d = drive({ firmware: '5.0.1', variant: 'EU' });
    expect(d.ask('$GV')).toBe('$OK 5.0.1.EU 4.0.1');
    expect(d.emu.control.status().firmware).toBe('5.0.1');
    await d.close();
  });

  it('refuses builds that never existed, naming the option', () => {
    expect(() => drive({ firmware: '9.9.9' as never })).toThrow(/options\.firmware must be one of/);
    expect(() => drive({ firmware: '3.11.3', authLock: true })).toThrow(/AUTH_LOCK/);
    expect(() => drive({ firmware: '7.1.3', bootLock: true })).toThrow(/BOOTLOCK/);
    expect(() => drive({ baud: 0 })).toThrow(/options\.baud/);
  });
});

describe('boot lock and auth lock (FIELD-FIRMWARE.md §1 "Controller reboot")', () => {
  it('bootLock: waits in boot (state 00, vflag 0x4000) until $SB, then runs', async () => {
    const d = drive({ bootLock: true }, false);
    d.advance(3000);
    expect(d.take()).toBe(wire('$AT 00 00 0 4200', '$AB 00 8.2.3'));
    d.emu.control.plugIn();
    d.advance(5000);
    expect(d.take()).toBe('');
    expect(d.ask('$GS')).toBe('$OK 00 0 00 4200');
    expect(talk(d, '$SB\r')).toBe(wire('$OK 0', '$AT 02 02 24 0700'));
    await d.close();
  });

  it('bootLock: $SB is refused ("1") while a POST fault holds', async () => {
    const d = drive({ bootLock: true }, false);
    d.emu.control.injectFault('noGround');
    d.advance(3000);
    expect(d.ask('$SB')).toBe('$OK 1');
    await d.close();
  });

  it('authLock: $G4 reads 1 at boot and $S4 0 unlocks', async () => {
    const d = drive({ firmware: '7.1.3', authLock: true });
    expect(d.ask('$G4')).toBe('$OK 1');
    expect(d.ask('$S4 0')).toBe('$OK');
    expect(d.ask('$G4')).toBe('$OK 0');
    await d.close();
  });
});

describe('ways a sleeping EVSE wakes (FIELD-FIRMWARE.md §1)', () => {
  const state = (d: ReturnType<typeof drive>) => d.emu.control.status().evseState;

  it('the front button wakes from sleeping and from disabled; $FF B 0 turns it into $AN', async () => {
    const d = drive();
    d.ask('$FS');
    d.emu.control.pressButton('short');
    d.advance(500);
    expect(state(d)).toBe(1);
    d.ask('$FD');
    expect(d.ask('$F1')).toBe('$OK');
    d.advance(500);
    expect(state(d)).toBe(1);
    d.ask('$FS');
    d.ask('$FF B 0');
    d.take();
    d.emu.control.pressButton('short');
    d.advance(500);
    expect(state(d)).toBe(0xfe);
    expect(d.take()).toBe(wire('$AN 0'));
    await d.close();
  });

  it('the delay timer wakes a sleeping EVSE, not a disabled one', async () => {
    const d = drive(); // RTC 12:30
    expect(d.ask('$ST 12 0 13 0')).toBe('$OK');
    d.ask('$FS');
    d.advance(2000);
    expect(state(d)).toBe(1);
    d.ask('$FD');
    d.advance(5000);
    expect(state(d)).toBe(0xff);
    await d.close();
  });

  it('sleep is not kept across a reboot (D4.12.0): the controller boots enabled', async () => {
    for (const firmware of ['3.11.3', '8.2.3'] as const) {
      const d = drive({ firmware });
      d.ask('$FS');
      d.emu.control.reboot();
      d.advance(3000);
      expect(state(d)).toBe(1);
      await d.close();
    }
  });

  it('5.0.1 says nothing on plug-in while asleep: $ST only reports a state change', async () => {
    const d = drive({ firmware: '5.0.1' });
    expect(talk(d, '$FS\r')).toBe(wire('$ST fe', '$OK'));
    d.emu.control.plugIn();
    d.advance(1000);
    expect(d.take()).toBe('');
    expect(d.ask('$G0')).toBe('$OK 1');
    await d.close();
  });

  it('7.1.3 sends $AT on plug-in while asleep (D6.2.1)', async () => {
    const d = drive({ firmware: '7.1.3' });
    d.ask('$FS');
    d.take();
    d.emu.control.plugIn();
    d.advance(500);
    expect(d.ats()).toEqual(['$AT fe 01 24 0300']);
    await d.close();
  });

  it('AUTH_LOCK locks again on each move to state A from D6.1.0 (7.1.3, 8.2.3), not before', async () => {
    for (const [firmware, relocks] of [
      ['4.8.0', false],
      ['5.0.1', false],
      ['7.1.3', true],
      ['8.2.3', true],
    ] as const) {
      const d = drive({ firmware, authLock: true });
      expect(d.ask('$G4'), firmware).toBe('$OK 1'); // boots locked
      d.ask('$S4 0');
      d.emu.control.plugIn();
      d.advance(1000);
      d.emu.control.unplug(); // back to state A
      d.advance(1000);
      expect(d.ask('$G4'), firmware).toBe(relocks ? '$OK 1' : '$OK 0');
      await d.close();
    }
  });
});
