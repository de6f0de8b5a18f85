// The 1.6 charge point's boot retry and its state across restarts, against ocpp-rpc's strict
// 1.6 server: Pending is waited out for the interval it gives (OCPP 1.6 §4.2), and charging
// profiles installed by SetChargingProfile survive a restart in dataDir's state file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startStack16 } from './support/stack16.js';
import { startStrictCs16 } from './support/strict-cs16.js';

describe('createChargePoint16: boot and persistence', () => {
  it('waits out a Pending boot for its interval, sends nothing else, then boots', async () => {
    const cs = await startStrictCs16({
      boot: (n) =>
        n === 0 ? { status: 'Pending', interval: 1 } : { status: 'Accepted', interval: 120 },
    });
    onTestFinished(async () => {
      await cs.close();
    });
    const stack = await startStack16(cs.url);
    onTestFinished(stack.close);
    await expect.poll(() => cs.of('StatusNotification').length, { timeout: 10_000 }).toBe(2);
    expect(cs.calls.slice(0, 2).map((c) => c.action)).toEqual([
      'BootNotification',
      'BootNotification',
    ]);
    expect(cs.problems).toEqual([]);
  });

  it('keeps charging profiles in dataDir across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cp16-'));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    const cs = await startStrictCs16();
    onTestFinished(async () => {
      await cs.close();
    });
    const first = await startStack16(cs.url, { dataDir });
    await expect.poll(() => cs.of('StatusNotification').length, { timeout: 10_000 }).toBe(2);
    const profile = {
      chargingProfileId: 5,
      stackLevel: 0,
      chargingProfilePurpose: 'ChargePointMaxProfile',
      chargingProfileKind: 'Absolute',
      chargingSchedule: {
        startSchedule: new Date(Date.now() - 60_000).toISOString(),
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [{ startPeriod: 0, limit: 12 }],
      },
    };
    expect(
      await cs.call('SetChargingProfile', { connectorId: 0, csChargingProfiles: profile }),
    ).toEqual({
      status: 'Accepted',
    });
    await first.close();

    const second = await startStack16(cs.url, { dataDir });
    onTestFinished(second.close);
    await expect.poll(() => cs.of('StatusNotification').length, { timeout: 10_000 }).toBe(4);
    const composite = await cs.call('GetCompositeSchedule', { connectorId: 0, duration: 60 });
    expect(composite).toMatchObject({
      status: 'Accepted',
      chargingSchedule: { chargingSchedulePeriod: [{ startPeriod: 0, limit: 12 }] },
    });
    expect(await cs.call('ClearChargingProfile', { id: 5 })).toEqual({ status: 'Accepted' });
    expect(cs.problems).toEqual([]);
  });
});
