import { filter, firstValueFrom, take, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { RapiError } from '../src/rapi/errors.js';
import { createStation } from '../src/station/create-station.js';
import type { Station, StationOptions, StationStatus } from '../src/station/types.js';
import { createLoopbackPair } from '../src/testing.js';
import { fakeDevice, idle } from './support/fake-device.js';

const open: Station[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function setup(script = idle(), options: StationOptions = {}) {
  const [host, deviceEnd] = createLoopbackPair();
  const device = fakeDevice(deviceEnd, script);
  const station = await createStation(host, {
    resyncIntervalMs: 0,
    client: { timeoutMs: 200 },
    ...options,
  });
  open.push(station);
  return { station, device, deviceEnd };
}

/** The first status (current one included) that satisfies `ok`. */
const until = (station: Station, ok: (s: StationStatus) => boolean) =>
  firstValueFrom(station.status$.pipe(filter(ok)));

describe('createStation', () => {
  it('resolves with the status from $GS and the capacity from $GE', async () => {
    const { station, device } = await setup();
    expect(device.received).toEqual(['GV', 'GS', 'GE']);
    expect(station.getStatus()).toEqual({
      state: 'notConnected',
      fault: null,
      evseState: 0x01,
      pilotState: 0x01,
      vflags: 0x0200,
      evConnected: false,
      authLocked: false,
      currentCapacity: 24,
    });
    expect(await firstValueFrom(station.status$)).toEqual(station.getStatus());
    expect(station.actor.getSnapshot().value).toBe('notConnected');
  });

  it('mirrors a fault reported by $GS, with its kind', async () => {
    const script = { ...idle(), GS: () => '$OK 0a 0 03 0102' };
    const { station } = await setup(script);
    expect(station.getStatus()).toMatchObject({
      state: 'fault',
      fault: 'overTemperature',
      evseState: 0x0a,
      evConnected: true,
    });
  });

  it('rejects with TIMEOUT and closes the transport when the device never answers', async () => {
    const [host, deviceEnd] = createLoopbackPair();
    const done = firstValueFrom(deviceEnd.data$.pipe(toArray()));
    const error = await createStation(host, { client: { timeoutMs: 50 } }).catch((e) => e);
    expect(error).toBeInstanceOf(RapiError);
    expect((error as RapiError).code).toBe('TIMEOUT');
    await done; // the device end's data$ completed: the pair is closed
    await expect(host.write('$GS\r')).rejects.toThrow();
  });
});

describe('mirroring', () => {
  it('follows $AT frames and reports each transition', async () => {
    const { station, device } = await setup();
    const seen = firstValueFrom(station.transitions$.pipe(take(2), toArray()));
    await device.send('$AT 02 02 24 0700', '$AT 03 03 24 0540');
    const [plug, charge] = await seen;
    expect(plug?.from.state).toBe('notConnected');
    expect(plug?.to).toMatchObject({ state: 'connected', evConnected: true, vflags: 0x0700 });
    expect(charge?.to).toMatchObject({ state: 'charging', pilotState: 3, currentCapacity: 24 });
    expect(charge?.at).toBeInstanceOf(Date);
  });

  it('emits status$ distinct: a repeated $AT changes nothing', async () => {
    const { station, device } = await setup();
    const states = firstValueFrom(station.status$.pipe(take(3), toArray()));
    await device.send('$AT 02 02 24 0700', '$AT 02 02 24 0700', '$AT 02 02 16 0700');
    const list = await states;
    expect(list.map((s) => [s.state, s.currentCapacity])).toEqual([
      ['notConnected', 24],
      ['connected', 24],
      ['connected', 16],
    ]);
  });

  it('resyncs with $GS/$GE after $AB (the device rebooted)', async () => {
    const { station, device } = await setup();
    await device.send('$AT 03 03 32 0540');
    await until(station, (s) => s.state === 'charging');
    device.script['GS'] = () => '$OK 01 0 01 0200';
    device.script['GE'] = () => '$OK 16 0001';
    device.received.length = 0;
    await device.send('$AB 00 8.2.3');
    const after = await until(station, (s) => s.state === 'notConnected');
    expect(after).toMatchObject({ state: 'notConnected', currentCapacity: 16, vflags: 0x0200 });
    expect(device.received).toEqual(['GS', 'GE']);
  });

  it('keeps a $AT that arrives right after the $GS reply (it is newer)', async () => {
    const { station, device } = await setup();
    device.script['GS'] = () => ['$OK 01 0 01 0200', '$AT 02 02 24 0700'];
    const status = await station.resync();
    expect(status.state).toBe('connected');
  });

  it('resyncs periodically when resyncIntervalMs is set', async () => {
    const { station, device } = await setup(idle(), { resyncIntervalMs: 20 });
    device.script['GS'] = () => '$OK fe 0 01 0200';
    const s = await until(station, (x) => x.state === 'sleeping');
    expect(s.evseState).toBe(0xfe);
  });

  it('reports a malformed $AT on errors$ and keeps going', async () => {
    const { station, device } = await setup();
    const error = firstValueFrom(station.errors$);
    await device.send('$AT 02 zz 24 0700');
    expect(await error).toMatchObject({ code: 'MALFORMED' });
    expect(station.getStatus().state).toBe('notConnected');
    await device.send('$AT 02 02 24 0700');
    expect((await until(station, (s) => s.state === 'connected')).state).toBe('connected');
  });
});

describe('meter', () => {
  const charging = (): ReturnType<typeof idle> => ({
    ...idle(),
    GG: () => '$OK 32000 240000',
    GU: () => '$OK 7300 12345',
    GP: () => '$OK 215 -2560 300',
  });

  it('decodes $GG (mA, mV), $GU (Ws, Wh) and $GP (tenths °C, −2560 absent)', async () => {
    const { station } = await setup(charging());
    const m = await station.readMeter();
    expect(m).toMatchObject({
      sessionWs: 7300,
      sessionWh: 2, // ⌊7300 / 3600⌋
      lifetimeWh: 12345,
      currentMa: 32000,
      voltageMv: 240000,
      powerW: 7680,
      temperatureC: 30, // hottest fitted sensor: TMP007 30.0 °C
    });
    expect(m.at).toBeInstanceOf(Date);
  });

  it('reports null temperature when every sensor reads −2560 and 0 W without an ammeter', async () => {
    const script = { ...idle(), GG: () => '$OK -1 240000', GP: () => '$OK -2560 -2560 -2560' };
    const { station } = await setup(script);
    expect(await station.readMeter()).toMatchObject({
      temperatureC: null,
      currentMa: -1,
      powerW: 0,
    });
  });

  it('polls meter$ every meterIntervalMs; a failed poll goes to errors$, polling goes on', async () => {
    const script = charging();
    let polls = 0;
    script['GU'] = () => (++polls === 2 ? '$NK' : '$OK 7300 12345');
    const { station } = await setup(script, { meterIntervalMs: 15 });
    const errors = firstValueFrom(station.errors$);
    const readings = await firstValueFrom(station.meter$.pipe(take(2), toArray()));
    expect(readings.map((r) => r.sessionWs)).toEqual([7300, 7300]);
    expect(polls).toBeGreaterThanOrEqual(3);
    expect(await errors).toMatchObject({ code: 'NK' });
  });
});

describe('commands', () => {
  it('enable sends $FE then re-reads $GS', async () => {
    const script = { ...idle(), GS: () => '$OK fe 0 01 0200', FE: () => '$OK' };
    const { station, device } = await setup(script);
    expect(station.getStatus().state).toBe('sleeping');
    device.script['GS'] = () => '$OK 01 0 01 0200';
    device.received.length = 0;
    await station.enable();
    expect(device.received).toEqual(['FE', 'GS', 'GE']);
    expect(station.getStatus().state).toBe('notConnected');
  });

  it('setCurrent sends $SC n V and resolves with the capacity the device settled on', async () => {
    const { station, device } = await setup({ ...idle(), SC: (p) => `$OK ${p[0]}` });
    expect(await station.setCurrent(16)).toBe(16);
    expect(device.received.at(-1)).toBe('SC');
  });

  it('surfaces $NK as RapiError NK (e.g. $S4 on a build without AUTH_LOCK) and keeps mirroring', async () => {
    const { station, device } = await setup();
    const error = await station.setAuthLock(true).catch((e) => e);
    expect(error).toBeInstanceOf(RapiError);
    expect(error).toMatchObject({ code: 'NK' });
    await device.send('$AT 02 02 24 0708');
    expect(await until(station, (s) => s.authLocked === true)).toMatchObject({ authLocked: true });
  });

  it('surfaces a silent device as RapiError TIMEOUT', async () => {
    const { station } = await setup({ ...idle(), GP: () => null });
    await expect(station.readMeter()).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('info reads $GV and $GI; a firmware without $GI gives serial null', async () => {
    const { station, device } = await setup();
    expect(await station.info()).toEqual({
      firmwareVersion: '8.2.3',
      protocolVersion: '5.2.1',
      serial: 'ABCDEF0123456789',
    });
    delete device.script['GI'];
    expect((await station.info()).serial).toBeNull();
  });

  it('info reuses the $GV read at start and reads it again after the device rebooted ($AB)', async () => {
    const { station, device } = await setup();
    device.received.length = 0;
    expect((await station.info()).firmwareVersion).toBe('8.2.3');
    expect(device.received).toEqual(['GI']);
    device.script['GV'] = () => '$OK 8.2.4 5.2.1'; // reflashed: the device reboots
    device.script['GS'] = () => '$OK fe 0 01 0200';
    await device.send('$AB 00 8.2.4');
    await until(station, (s) => s.state === 'sleeping'); // the resync after $AB is done
    device.received.length = 0;
    expect((await station.info()).firmwareVersion).toBe('8.2.4');
    expect(device.received).toEqual(['GV', 'GI']);
  });

  it('meter$ subscribed after close completes at once instead of polling a closed client', async () => {
    const { station, device } = await setup(idle(), { meterIntervalMs: 5 });
    await station.close();
    device.received.length = 0;
    expect(await firstValueFrom(station.meter$.pipe(toArray()))).toEqual([]);
    expect(device.received).toEqual([]);
  });

  it('closes itself when the transport ends (the device end went away)', async () => {
    const { station, deviceEnd } = await setup();
    const statuses = firstValueFrom(station.status$.pipe(toArray()));
    await deviceEnd.close();
    expect(await statuses).toHaveLength(1);
    await expect(station.enable()).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('close completes the streams, rejects later commands, and is idempotent', async () => {
    const { station } = await setup();
    const statuses = firstValueFrom(station.status$.pipe(toArray()));
    await Promise.all([station.close(), station.close()]);
    expect((await statuses).length).toBe(1);
    await expect(station.readMeter()).rejects.toMatchObject({ code: 'CLOSED' });
  });
});
