/**
 * Core's Station facade against the real far end: the emulator (contracts §3, §4). Lives here
 * because core cannot depend on the emulator (the emulator depends on core).
 */
import { createStation, type Station, type StationStatus } from '@evse/core';
import { filter, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../src/index.js';

const until = (station: Station, ok: (s: StationStatus) => boolean) =>
  firstValueFrom(station.status$.pipe(filter(ok)));

describe('Station over the emulator', () => {
  it('mirrors boot, plug-in, charge, a GFCI fault and a reboot ($AB → resync)', async () => {
    const emu = createEmulator({ bootDelayMs: 0, postMs: 0 });
    await firstValueFrom(emu.control.status$.pipe(filter((s) => s.state === 'notConnected')));
    const station = await createStation(emu.transport, { resyncIntervalMs: 0 });
    try {
      expect(station.getStatus()).toMatchObject({ state: 'notConnected', evseState: 1 });
      expect(await station.info()).toMatchObject({
        firmwareVersion: expect.stringMatching(/^8\.2\.3/),
      });

      emu.control.plugIn();
      await until(station, (s) => s.state === 'connected' && s.evConnected === true);
      emu.control.startCharging();
      const charging = await until(station, (s) => s.state === 'charging');
      expect((charging.vflags ?? 0) & 0x0040).toBe(0x0040); // relay closed

      emu.control.injectFault('gfci');
      const fault = await until(station, (s) => s.state === 'fault');
      expect(fault).toMatchObject({ fault: 'gfci', evseState: 0x06 });

      emu.control.clearFault();
      const sent: string[] = [];
      const tx = station.client.traffic$.subscribe((t) => {
        if (t.direction === 'tx') sent.push(t.line);
      });
      const rebooted = firstValueFrom(station.client.events$.pipe(filter((f) => f.type === 'AB')));
      emu.control.reboot();
      await rebooted;
      // After the reboot the EV is still plugged in: the $AB resync (or $AT) shows B or C.
      const back = await until(station, (s) => s.state === 'connected' || s.state === 'charging');
      expect(back.fault).toBeNull();
      expect(station.getStatus()).toEqual(back);
      await station.resync(); // queued behind the $AB resync, so that one has been sent
      tx.unsubscribe();
      expect(sent.filter((l) => l.startsWith('$GS')).length).toBeGreaterThanOrEqual(2);
    } finally {
      await station.close();
      await emu.close();
    }
  });
});
