/**
 * One RAPI session against a device on the far end of a real transport: version, state, set
 * current, a charge and a fault (RAPI.md §2, §3.1). The control names follow the emulator's
 * `EmulatorControl`, so the fake device and the emulator are interchangeable.
 */
import { expect } from 'vitest';
import { type LineClient, type Mirror, waitForState } from './rapi.js';

export interface DeviceControl {
  plugIn(): void;
  startCharging(): void;
  stopCharging(): void;
  injectFault(kind: 'gfci'): void;
  clearFault(): void;
}

export async function runSession(client: LineClient, mirror: Mirror, control: DeviceControl) {
  // $GV: firmware 8.2.3, RAPI 5.2.1 (RAPI.md §0).
  expect(await client.request('$GV')).toEqual(['8.2.3', '5.2.1']);
  // $GS: state 01 (A, not connected) at rest.
  expect(await mirror.resync()).toBe(0x01);
  // $SC 16 V: volatile current, the reply carries the resulting amps.
  expect((await client.request('$SC 16 V'))[0]).toBe('16');
  // Out of range: $NK, nothing changes (RAPI.md §3.7).
  await expect(client.request('$SC 99 V')).rejects.toThrow(/\$NK/);
  // A charge: plug (B), the EV asks for current (C), stops (B). $AT drives the mirror.
  control.plugIn();
  await waitForState(mirror, 0x02);
  control.startCharging();
  await waitForState(mirror, 0x03);
  control.stopCharging();
  await waitForState(mirror, 0x02);
  // A GFCI fault (0x06) and its clearing are reported with $AT too.
  control.injectFault('gfci');
  await waitForState(mirror, 0x06);
  expect(await mirror.resync()).toBe(0x06);
  control.clearFault();
  await waitForState(mirror, 0x02);
}
