/**
 * One RAPI session against the emulator on the far end of a real transport: version, state,
 * set current, a charge and a fault (RAPI.md §2, §3.1, §4.12).
 */
import { createEmulator, type Emulator, type EmulatorControl } from '@evse/transport-emulator';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { expect } from 'vitest';
import { type LineClient, type Mirror, waitForState } from './rapi.js';

/** A real-clock emulator that boots in milliseconds, resolved once POST is over (state A). */
export async function bootedEmulator(): Promise<Emulator> {
  const emulator = createEmulator({ bootDelayMs: 0, postMs: 10 });
  await firstValueFrom(
    emulator.control.status$.pipe(
      filter((s) => s.state === 'notConnected'),
      timeout(2000),
    ),
  );
  return emulator;
}

export async function runSession(client: LineClient, mirror: Mirror, control: EmulatorControl) {
  // $GV: firmware 8.2.3, RAPI 5.2.1 (RAPI.md §0).
  expect(await client.request('$GV')).toEqual(['8.2.3', '5.2.1']);
  // $GS: state 01 (A, not connected) at rest.
  expect(await mirror.resync()).toBe(0x01);
  // $SC 16 V: volatile current; the reply carries the resulting amps (RAPI.md §3.7).
  expect(await client.request('$SC 16 V')).toEqual(['16']);
  // Above the configured maximum: $NK with the clamped value.
  await expect(client.request('$SC 99 V')).rejects.toThrow(/\$NK \d+/);
  // A charge: plug (B), the EV asks for current (C). $AT drives the mirror.
  control.plugIn();
  await waitForState(mirror, 0x02);
  control.startCharging();
  await waitForState(mirror, 0x03);
  expect(control.status().relayClosed).toBe(true);
  // A GFCI trip (0x06) arrives as $AT and $GS agrees.
  control.injectFault('gfci');
  await waitForState(mirror, 0x06);
  expect(await mirror.resync()).toBe(0x06);
  // Cause gone; the operator disables ($FD → ff) and enables ($FE): the controller
  // re-evaluates the pilot and, with the EV still asking, charges again (RAPI.md §4.4).
  control.clearFault();
  await client.request('$FD');
  await waitForState(mirror, 0xff);
  await client.request('$FE');
  await waitForState(mirror, 0x03);
  // The EV stops and leaves.
  control.stopCharging();
  await waitForState(mirror, 0x02);
  control.unplug();
  await waitForState(mirror, 0x01);
}
