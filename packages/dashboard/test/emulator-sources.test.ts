import { createEmulator } from '@evse/transport-emulator';
import { filter, firstValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { meterOf } from '../src/emulator-sources.js';
import { emulatorStation, serveDashboard, tapDevice } from '../src/index.js';
import { openEvents } from './sse.js';

async function bootedEmulator() {
  const emulator = createEmulator({ bootDelayMs: 0, postMs: 0 });
  onTestFinished(() => emulator.close());
  await firstValueFrom(emulator.control.status$.pipe(filter((s) => s.state === 'notConnected')));
  return emulator;
}

describe('tapDevice: the wire of an emulator driven from elsewhere (evse emulate)', () => {
  it('shows what the host writes as tx and what the controller answers as rx, in any chunking', async () => {
    const emulator = await bootedEmulator();
    const tapped = tapDevice(emulator.device);
    const lines = firstValueFrom(tapped.traffic$.pipe(take(2), toArray()));
    // The host's bytes arrive split; the tap still sees one line.
    tapped.device.receive('$G');
    tapped.device.receive('S^30\r');
    expect((await lines).map(({ direction, line }) => ({ direction, line }))).toEqual([
      { direction: 'tx', line: '$GS^30' },
      { direction: 'rx', line: expect.stringMatching(/^\$OK 01 \d+ 01 0200\^[0-9A-F]{2}$/) },
    ]);
  });
});

describe('emulatorStation: status and meter from the emulator control', () => {
  it('feeds a dashboard: state changes, meter points and decoded RAPI lines arrive over SSE', async () => {
    const emulator = await bootedEmulator();
    const tapped = tapDevice(emulator.device);
    const { url } = await serveDashboard({
      sources: {
        station: emulatorStation(emulator.control, { meterIntervalMs: 100 }),
        rapiTraffic$: tapped.traffic$,
      },
      batchMs: 20,
    });
    const events = await openEvents(`${url}/dashboard/events`);
    onTestFinished(() => events.close());
    const init = (await events.next('init')).data as { status: { state: string } };
    expect(init.status.state).toBe('notConnected');
    emulator.control.plugIn();
    const change = await events.next('status', (d: { status: { state: string } }) => {
      return d.status.state === 'connected';
    });
    expect((change.data as { transition: unknown }).transition).toMatchObject({
      from: 'notConnected',
      to: 'connected',
    });
    const meter = (await events.next('meter')).data as { voltageV: number }[];
    expect(meter[0]?.voltageV).toBe(emulator.control.status().voltageMv / 1000);
    tapped.device.receive('$GE^26\r');
    const rapi = await events.next('rapi', (d: { info: string }[]) =>
      d.some((l) => l.info.startsWith('$OK to $GE')),
    );
    expect((rapi.data as { dir: string }[]).map((l) => l.dir)).toContain('tx');
  });

  it('reports the hottest fitted sensor and whole watt-hours; no sensor is null', () => {
    const base = {
      state: 'charging',
      fault: null,
      evseState: 3,
      pilotState: 3,
      evConnected: true,
      currentCapacity: 32,
      currentMa: 16_000,
      voltageMv: 240_000,
      sessionWs: 7199,
    };
    expect(meterOf({ ...base, temperatures: [235, -2560, 241] })).toMatchObject({
      temperatureC: 24.1,
      sessionWh: 1,
      sessionWs: 7199,
    });
    expect(meterOf({ ...base, temperatures: [-2560, -2560, -2560] }).temperatureC).toBeNull();
  });

  it('rejects a meter period under 50 ms', async () => {
    const emulator = await bootedEmulator();
    expect(() => emulatorStation(emulator.control, { meterIntervalMs: 10 })).toThrow(
      'meterIntervalMs: expected a number >= 50, got 10',
    );
  });
});
