// Input that arrives during POST waits in the UART buffer until the first loop pass has
// derived the state: the firmware's loop() runs Update() before it reads RAPI (open_evse
// 8.2.3 main.cpp loop()). A `$FS` sent on the boot's `$AT 00` so lands after state B, and a
// later `$FE` wakes a controller that finished its start-up.
import { describe, expect, it } from 'vitest';
import { createEmulator, createVirtualClock } from '../src/index.js';

describe('commands received during POST', () => {
  it('run after the first loop pass, so sleep and wake work across a reboot', async () => {
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
      '$AT 02 02 12 0701', // the first loop pass: B
      '$OK', // then the buffered $FS
      '$AT fe 02 12 0701',
    ]);
    send('$FE', 1000);
    expect(emu.control.status().state).toBe('connected');
    await emu.close();
  });
});
