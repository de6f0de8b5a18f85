/**
 * Core's Station over the emulator of every firmware build (FIELD-FIRMWARE.md §2 and
 * "Implications"): capabilities read from the real far end, plug, charge and meter, sleep with
 * the plug seen as that version can show it, and a reboot. Core's own dialect tests use fake
 * devices; this is the same Station against the emulator's firmware model.
 */
import {
  createStation,
  firmwareProfile,
  type PlugDetection,
  type Station,
  type StationStatus,
} from '@evse/core';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../src/index.js';
import { ALL_BUILDS, buildName } from './support/builds.js';

const until = (station: Station, ok: (s: StationStatus) => boolean, what: string) =>
  firstValueFrom(
    station.status$.pipe(
      filter(ok),
      timeout({ first: 4000, with: () => Promise.reject(new Error(`timeout: ${what}`)) }),
    ),
  );

/** How a sleeping EVSE's plug reaches the station: `$AT` from D6.2.1, polls before, none on 3.x. */
const PLUG_ASLEEP: Record<string, PlugDetection> = {
  '3.11.3': 'none',
  '4.8.0': 'poll',
  '5.0.1': 'poll',
  '7.1.3': 'async',
  '8.2.3': 'async',
};

describe.each(ALL_BUILDS.map((b) => [buildName(b), b] as const))('Station on %s', (_, build) => {
  it('capabilities, plug, charge, sleep with the plug, reboot', async () => {
    const profile = firmwareProfile(build);
    const emu = createEmulator({ ...build, bootDelayMs: 0, postMs: 0 });
    await (build.bootLock
      ? firstValueFrom(emu.device.output$.pipe(filter((t) => t.startsWith('$AB'))))
      : firstValueFrom(emu.control.status$.pipe(filter((s) => s.state === 'notConnected'))));
    const station = await createStation(emu.transport, { resyncIntervalMs: 0, sleepPollMs: 100 });
    try {
      expect(station.capabilities).toMatchObject({
        firmware: profile.firmware,
        protocol: profile.protocolText,
        plugDetectionWhileAsleep: PLUG_ASLEEP[profile.firmware],
      });
      // BOOTLOCK: setup() waits for `$SB`. AUTH_LOCK builds boot locked, and from D6.1.0
      // lock again on entering state A: `$S4 0` once there.
      if (build.bootLock) await station.client.request('SB');
      await until(station, (s) => s.state === 'notConnected', 'state A');
      if (build.authLock) await station.client.request('S4', [0]);

      emu.control.plugIn();
      await until(station, (s) => s.state === 'connected' && s.evConnected === true, 'state B');
      emu.control.startCharging();
      await until(station, (s) => s.state === 'charging', 'state C');
      await expect
        .poll(async () => (await station.readMeter()).currentMa, { timeout: 4000 })
        .toBeGreaterThan(0);

      await station.client.request('FS');
      await station.resync();
      await until(station, (s) => s.state === 'sleeping', 'asleep');
      emu.control.unplug();
      const plug = PLUG_ASLEEP[profile.firmware] === 'none' ? null : false;
      await until(station, (s) => s.state === 'sleeping' && s.evConnected === plug, 'unplug seen');
      emu.control.plugIn();
      if (plug !== null) {
        await until(station, (s) => s.evConnected === true, 'plug-in seen while asleep');
      }

      emu.control.reboot(); // sleep is not kept across a reboot (D4.12.0)
      if (build.bootLock) {
        await firstValueFrom(emu.device.output$.pipe(filter((t) => t.startsWith('$AB'))));
        await station.client.request('SB');
      }
      await until(station, (s) => s.state === 'connected', 'after the reboot: state B');
    } finally {
      await station.close();
      await emu.close();
    }
  });
});
