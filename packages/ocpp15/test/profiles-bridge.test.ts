// The whole bridge on every controller build: emulator profile → core Station → arbiter →
// charge point → the strict central system. Boot, plug, swipe, charge, unplug, and a
// StopTransaction whose meter values add up (FIELD-FIRMWARE.md §2; STEVE.md §5.2).
import { afterEach, describe, expect, it } from 'vitest';
import { GATE_BUILDS, type GateRig, GOOD, startGateRig } from './support/gate-rig.js';
import { delay, until } from './support/helpers.js';

let rig: GateRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const lastStatus = (r: GateRig) =>
  r
    .of('StatusNotification')
    .filter((f) => f.payload['connectorId'] === 1)
    .at(-1)?.payload['status'];

describe.each(GATE_BUILDS)('the bridge on $name', ({ build }) => {
  it('boot, plug, swipe, charge, unplug: one transaction with sane meter values', async () => {
    rig = await startGateRig(build);
    const r = rig;
    await until(() => r.of('BootNotification').length === 1, 5000, 'BootNotification');
    const boot = r.of('BootNotification')[0]?.payload;
    expect(boot).toMatchObject({ chargePointVendor: 'OpenEVSE' });
    await until(() => lastStatus(r) === 'Available', 5000, 'Available');
    expect(r.station.capabilities.firmware).toBe(build.firmware ?? '8.2.3');

    // Where a sleeping controller shows the plug, plug in first; else the card wakes it first.
    if (r.plugSeenAsleep) {
      r.emu.control.plugIn();
      await until(() => lastStatus(r) === 'Occupied', 5000, 'Occupied');
      r.emu.control.swipe(GOOD);
    } else {
      r.emu.control.swipe(GOOD);
      await until(() => r.emu.control.status().evseState === 1, 5000, 'awake for the driver');
      r.emu.control.plugIn();
    }
    await until(() => r.of('StartTransaction').length === 1, 5000, 'StartTransaction');
    r.emu.control.startCharging();
    await until(() => r.emu.control.status().relayClosed, 3000, 'charging');
    await until(() => r.emu.control.status().currentMa > 0, 3000, 'current flowing');
    await delay(3000); // a few Wh at 16–32 A
    r.emu.control.unplug();
    await until(() => r.of('StopTransaction').length === 1, 5000, 'StopTransaction');
    await until(() => r.transactions()[0]?.state === 'stopped', 5000, 'stopped at the CS');

    const start = r.of('StartTransaction')[0]?.payload ?? {};
    const stop = r.of('StopTransaction')[0]?.payload ?? {};
    const meterStart = Number(start['meterStart']);
    const meterStop = Number(stop['meterStop']);
    const energy = meterStop - meterStart;
    // 3 s at ≥ 16 A and 240 V is ≥ 3.2 Wh; well under an hour's worth at 80 A.
    expect(energy).toBeGreaterThanOrEqual(2);
    expect(energy).toBeLessThan(100);
    expect(r.transactions()[0]).toMatchObject({ state: 'stopped', energyWh: energy });
    // Transaction.Begin/End samples carry the same register values.
    const values = (
      stop['transactionData'] as { values: { value: { value: string; context: string }[] }[] }[]
    )[0]?.values.flatMap((v) => v.value);
    expect(values).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ context: 'Transaction.Begin', value: String(meterStart) }),
        expect.objectContaining({ context: 'Transaction.End', value: String(meterStop) }),
      ]),
    );
    await until(() => r.emu.control.status().evseState === 0xfe, 3000, 'asleep again');
    await until(() => lastStatus(r) === 'Available', 5000, 'Available after unplug');
    expect(r.violations).toEqual([]);
    expect(r.schemaErrors()).toEqual([]);
  }, 30_000);
});
