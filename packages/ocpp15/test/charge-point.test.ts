import { describe, expect, it } from 'vitest';
import { startChargePoint } from './support/charge-point-rig.js';
import { until } from './support/helpers.js';

function setup(
  opts: { tags?: Record<string, 'Accepted' | 'Blocked'>; config?: Record<string, string> } = {},
) {
  return startChargePoint(
    { ids: ['CP1'], tags: opts.tags ?? { TAG1: 'Accepted' }, heartbeatInterval: 1 },
    { config: { MeterValueSampleInterval: '1', ...opts.config } },
    { checkFrames: true },
  );
}

describe('charge point against a fake SteVe', () => {
  it('boots, reports status, heartbeats and syncs its clock', async () => {
    const { steve, cp, frames } = await setup();
    const states: number[] = [];
    cp.state$.subscribe((s) => states.push(s));
    const boot = await steve.waitFor('BootNotification');
    expect(boot.payload).toEqual({
      chargePointVendor: 'OpenEVSE',
      chargePointModel: 'Emulated',
      chargePointSerialNumber: 'SN-FAKE-1',
      firmwareVersion: '8.2.3 RAPI 5.2.1',
    });
    await steve.waitFor('StatusNotification', (r) => r.payload['connectorId'] === 1);
    await steve.waitFor('Heartbeat'); // interval 1 s from the boot answer
    const status = steve
      .actions('StatusNotification')
      .map((r) => [r.payload['connectorId'], r.payload['status']]);
    expect(status).toEqual(
      expect.arrayContaining([
        [0, 'Available'],
        [1, 'Available'],
      ]),
    );
    // Nothing was sent before the boot was accepted.
    expect(steve.received[0]?.action).toBe('BootNotification');
    for (const r of steve.received) {
      if (typeof r.payload['timestamp'] === 'string')
        expect(r.payload['timestamp']).toMatch(/\.\d{3}Z$/);
    }
    expect(states[0]).toBe(0); // CONNECTING from the start (subscribed after creation)
    expect(states).toContain(1);
    expect(steve.invalid).toEqual([]);
    expect(frames.errors).toEqual([]);
  });

  it('keeps the station asleep until authorized, then runs a whole transaction', async () => {
    const { steve, fake, cp, frames } = await setup();
    await steve.waitFor('StatusNotification', (r) => r.payload['connectorId'] === 1);
    await until(() => fake.status().state === 'sleeping', 2000, 'asleep ($FS)');
    fake.plugIn();
    fake.requestCharge();
    expect(fake.status().state).toBe('sleeping'); // asleep: the EV cannot charge
    await steve.waitFor('StatusNotification', (r) => r.payload['status'] === 'Occupied');

    const info = await cp.authorize('TAG1');
    expect(info.status).toBe('Accepted');
    expect(steve.actions('Authorize')).toHaveLength(1);
    const start = await steve.waitFor('StartTransaction');
    expect(start.payload).toMatchObject({ connectorId: 1, idTag: 'TAG1', meterStart: 12000 });
    expect(fake.status().state).toBe('charging');

    const mv = await steve.waitFor('MeterValues');
    expect(mv.payload['transactionId']).toBe(100);
    const samples =
      (mv.payload['values'] as { value: { measurand: string; unit: string; value: string }[] }[])[0]
        ?.value ?? [];
    const by = Object.fromEntries(samples.map((s) => [s.measurand, s]));
    expect(by['Power.Active.Import']).toMatchObject({ value: '3840', unit: 'W' });
    expect(by['Current.Import']).toMatchObject({ value: '16', unit: 'Amp' });
    expect(by['Voltage']).toMatchObject({ value: '240', unit: 'Volt' });
    expect(by['Temperature']).toMatchObject({ value: '31.5', unit: 'Celsius' });
    expect(Number(by['Energy.Active.Import.Register']?.value)).toBeGreaterThanOrEqual(12000);

    fake.unplug();
    const stop = await steve.waitFor('StopTransaction');
    expect(stop.payload['transactionId']).toBe(100);
    expect(stop.payload['meterStop']).toBeGreaterThanOrEqual(12001); // ~1 Wh per second at 3.84 kW
    // $GU lifetime moved at unplug and already holds the session: no double count.
    expect(stop.payload['meterStop']).toBe(fake.meter.lifetimeWh);
    expect(cp.transactions.current()).toBeNull();
    await until(() => cp.transactions.queued() === 0, 2000, 'queue drained');
    expect(steve.invalid).toEqual([]);
    expect(frames.errors).toEqual([]);
  });

  it('refuses an unknown tag and leaves the station locked', async () => {
    const { steve, fake, cp } = await setup();
    await steve.waitFor('StatusNotification');
    fake.plugIn();
    const info = await cp.authorize('NOPE');
    expect(info.status).toBe('Invalid');
    expect(fake.status().state).toBe('sleeping');
    expect(steve.actions('StartTransaction')).toHaveLength(0);
  });

  it('reports a GFCI fault as Faulted/GroundFailure', async () => {
    const { steve, fake } = await setup();
    await steve.waitFor('StatusNotification');
    fake.fault('gfci', 0x06);
    const s = await steve.waitFor(
      'StatusNotification',
      (r) => r.payload['status'] === 'Faulted' && r.payload['connectorId'] === 1,
    );
    expect(s.payload).toMatchObject({
      errorCode: 'GroundFailure',
      vendorErrorCode: '0x06',
      vendorId: 'OpenEVSE',
    });
  });
});
