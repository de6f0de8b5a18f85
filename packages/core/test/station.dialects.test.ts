/**
 * The Station on every controller firmware in the field (docs/protocol/FIELD-FIRMWARE.md §2
 * and "Implications"): capabilities from `$GV`, legacy `$ST` and decimal `$GS` mirrored with
 * unknown pilot/vflags, plug detection while asleep, `$ST 00` as a reboot. Timers run on a
 * VirtualTimeScheduler; the fake devices answer on microtasks.
 */
import { firstValueFrom, toArray, VirtualTimeScheduler } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { RapiError } from '../src/rapi/errors.js';
import { createStation } from '../src/station/create-station.js';
import type { Station, StationOptions } from '../src/station/types.js';
import { FirmwareDevice, PROFILES, type ProfileName } from './support/firmware-device.js';

const stations: Station[] = [];
afterEach(async () => {
  await Promise.all(stations.splice(0).map((s) => s.close()));
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

async function open(name: ProfileName, options: StationOptions = {}) {
  const device = new FirmwareDevice(PROFILES[name]);
  const scheduler = new VirtualTimeScheduler();
  const station = await createStation(device.host, {
    resyncIntervalMs: 0,
    scheduler,
    client: { timeoutMs: 200 },
    ...options,
  });
  stations.push(station);
  /** Run the station's timers `ms` on, then let the device answer. */
  const advance = async (ms: number) => {
    scheduler.maxFrames = scheduler.frame + ms;
    scheduler.flush();
    await settle();
  };
  return { device, station, advance };
}

describe('capabilities from $GV', () => {
  it.each([
    ['3.11.3', 'dec2', 'none', false, ['$GV^35', '$G0^53', '$GS^30', '$GE^26']],
    ['4.8.0', 'dec2', 'poll', true, ['$GV^35', '$G0^53', '$GS^30', '$GE^26']],
    ['5.0.1', 'dec2', 'poll', true, ['$GV^35', '$G0^53', '$GS^30', '$GE^26']],
    ['D6.0.0', 'hex4', 'poll', null, ['$GV^35', '$GS^30', '$GE^26']],
    ['7.1.3', 'hex4', 'async', null, ['$GV^35', '$GS^30', '$GE^26']],
    ['8.2.3', 'hex4', 'async', null, ['$GV^35', '$GS^30', '$GE^26']],
    ['9.0.0', 'hex4', 'async', null, ['$GV^35', '$GS^30', '$GE^26']],
  ] as const)('%s: $GS %s, plug while asleep %s, $G0 %s', async (name, status, plug, g0, wire) => {
    const { station, device } = await open(name);
    expect(station.capabilities).toMatchObject({
      firmware: PROFILES[name].firmware,
      protocol: PROFILES[name].protocol,
      dialect: { status },
      plugDetectionWhileAsleep: plug,
      evConnectedQuery: g0,
      authLock: null,
      delayTimer: null,
    });
    // `$G0` is tried only where the dialect needs it: RAPI ≥ 5 opens with no extra command.
    expect(device.received).toEqual(wire);
  });

  it('polling off (sleepPollMs 0) leaves a 4.8.0 unable to see the plug while asleep', async () => {
    const { station } = await open('4.8.0', { sleepPollMs: 0 });
    expect(station.capabilities.plugDetectionWhileAsleep).toBe('none');
  });

  it('refuses RAPI older than 1.0.3 with UNSUPPORTED and closes the transport', async () => {
    const device = new FirmwareDevice({
      ...PROFILES['3.11.3'],
      firmware: '3.5.0',
      protocol: '1.0.1',
    });
    const error = await createStation(device.host, { client: { timeoutMs: 200 } }).catch((e) => e);
    expect(error).toBeInstanceOf(RapiError);
    expect(error).toMatchObject({ code: 'UNSUPPORTED' });
    expect((error as Error).message).toContain('RAPI 1.0.1; the oldest supported is RAPI 1.0.3');
    await expect(device.host.write('$GS\r')).rejects.toThrow();
  });

  it('probeFeatures tries $G4 and $GD once: an AUTH_LOCK 5.0.1 and a stock 8.2.3', async () => {
    const old = await open('5.0.1');
    expect(await old.station.probeFeatures()).toMatchObject({ authLock: true, delayTimer: false });
    const now = await open('8.2.3');
    const caps = await now.station.probeFeatures();
    expect(caps).toMatchObject({ evConnectedQuery: true, authLock: false, delayTimer: false });
    expect(now.station.capabilities).toBe(caps);
    await now.station.probeFeatures();
    expect(now.device.received.filter((l) => l.startsWith('$G4'))).toHaveLength(1);
  });
});

describe('RAPI < 5: state only', () => {
  it.each(['3.11.3', '4.8.0', '5.0.1'] as const)(
    '%s: $ST moves the status; pilot, vflags and auth lock are unknown, the plug is implied',
    async (name) => {
      const { station, device } = await open(name);
      expect(station.getStatus()).toEqual({
        state: 'notConnected',
        fault: null,
        evseState: 0x01,
        pilotState: null,
        vflags: null,
        evConnected: false,
        authLocked: null,
        currentCapacity: 24,
      });
      const seen = firstValueFrom(station.transitions$.pipe(toArray()));
      await device.plug(true);
      await device.enter(0x03);
      await device.enter(0x06);
      await settle();
      await station.close();
      expect((await seen).map((t) => [t.to.state, t.to.evConnected])).toEqual([
        ['connected', true],
        ['charging', true],
        ['fault', null],
      ]);
    },
  );

  it('$ST 00 is a reboot: the status starts over and $GS/$GE are read again', async () => {
    const { station, device } = await open('4.8.0');
    const before = device.received.length;
    await device.reboot();
    await settle();
    expect(device.received.slice(before).map((l) => l.slice(0, 3))).toEqual(['$GS', '$GE']);
    expect(station.getStatus().state).toBe('notConnected');
  });

  it('the actor follows $ST too, and the status stays honest while it does', async () => {
    const { station, device } = await open('5.0.1');
    expect(station.actor.getSnapshot().value).toBe('notConnected');
    await device.plug(true);
    await settle();
    expect(station.actor.getSnapshot().value).toBe('connected');
    expect(station.getStatus()).toMatchObject({
      state: 'connected',
      evConnected: true,
      vflags: null,
    });
  });
});

describe('plug detection while asleep (state 0xFE)', () => {
  it.each([
    ['3.11.3', null, null, 0],
    ['4.8.0', true, false, 2],
    ['5.0.1', true, false, 2],
    ['D6.0.0', true, false, 2],
    ['7.1.3', true, false, 0],
    ['8.2.3', true, false, 0],
  ] as const)('%s: plugged %s, unplugged %s, %i polls', async (name, plugged, unplugged, polls) => {
    const { station, device, advance } = await open(name, { sleepPollMs: 1000 });
    await device.enter(0xfe);
    await settle();
    expect(station.getStatus().state).toBe('sleeping');
    const before = device.received.length;
    await device.plug(true);
    await advance(1000);
    expect(station.getStatus()).toMatchObject({ state: 'sleeping', evConnected: plugged });
    await device.plug(false);
    await advance(1000);
    expect(station.getStatus()).toMatchObject({ state: 'sleeping', evConnected: unplugged });
    expect(device.received.length - before).toBe(polls);
  });

  it('polling stops when the EVSE wakes', async () => {
    const { device, advance } = await open('4.8.0', { sleepPollMs: 500 });
    await device.enter(0xfe);
    await advance(500);
    await device.enter(0x01);
    await settle();
    const before = device.received.length;
    await advance(5000);
    expect(device.received.length).toBe(before);
  });

  it('entering sleep from B keeps the plug until the first $G0 answer', async () => {
    const { station, device } = await open('4.8.0');
    await device.plug(true);
    await device.enter(0xfe);
    await settle();
    expect(station.getStatus()).toMatchObject({ state: 'sleeping', evConnected: true });
  });
});

describe('RAPI 6.x (firmware 9.x): the 5.x dialect', () => {
  it('a state beyond the table (0x0F) neither crashes nor moves the mirror', async () => {
    const { station, device } = await open('9.0.0');
    const errors = firstValueFrom(station.errors$.pipe(toArray()));
    await device.enter(0x0f);
    await device.plug(true);
    await settle();
    expect(station.getStatus()).toMatchObject({ state: 'notConnected', evseState: 0x01 });
    await device.enter(0x02);
    await settle();
    expect(station.getStatus()).toMatchObject({ state: 'connected', evConnected: true });
    await station.close();
    expect(await errors).toEqual([]);
  });
});
