// Input that arrives during POST is served in the first loop pass, while the state is still
// 00 (the state debounce of open_evse 8.2.3 J1772EvseController.cpp Update()). A `$FS` sent
// on the boot's `$AT 00` so puts the controller to sleep before it ever reports B, and a later
// `$FE` must wake it like any other sleep (POST passed all the same).
import { describe, expect, it } from 'vitest';
import { createEmulator, createVirtualClock } from '../src/index.js';

describe('commands received during POST', () => {
  it('are served before the state is derived, and sleep then wake works', async () => {
    const clock = createVirtualClock();
    const emu = createEmulator({ clock, bootDelayMs: 20, postMs: 150 });
    const lines: string[] = [];
    emu.device.output$.subscribe((t) => lines.push(...t.split('\r').filter(Boolean)));
    const send = (cmd: string, ms: number) => {
      lines.push(`> ${cmd}`);
      emu.device.receive(`${cmd}\r`);
      clock.advance(ms);
    };
    clock.advance(1000);
    emu.control.plugIn();
    clock.advance(1000);
    emu.control.reboot();
    clock.advance(25); // `$AT 00` is out, POST runs
    send('$FS', 2000);
    const afterFs = lines.slice(lines.indexOf('> $FS'));
    expect(afterFs.map((l) => l.replace(/\^..$/, ''))).toEqual([
      '> $FS',
      '$AB 00 8.2.3',
      '$OK', // the buffered $FS, state still 00
      '$AT fe 00 12 0301',
    ]);
    send('$FE', 1000);
    expect(emu.control.status().state).toBe('connected');
    await emu.close();
  });
});
