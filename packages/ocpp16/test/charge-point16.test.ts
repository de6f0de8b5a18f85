// Our 1.6 charge point (emulator → core Station → createChargePoint16) against ocpp-rpc
// 2.2.1's RPCServer in strict mode (ocpp1.6): every frame both ways is checked against the
// official 1.6 schemas by a validator that is not ours, and no CALLERROR may pass either way.
import { describe, expect, it, onTestFinished } from 'vitest';
import { startChain16, statuses } from './support/chain16.js';
import { expectCsOperations16 } from './support/cs-operations16.js';

const last = <T>(xs: readonly T[]): T | undefined => xs[xs.length - 1];

describe('createChargePoint16 → ocpp-rpc RPCServer (strict ocpp1.6)', () => {
  it('boots and reports a session: Preparing, authorize, start, Charging, meter values, stop, Finishing, Available', async () => {
    const { cs, emu, cp, events } = await startChain16();
    expect(events.find((e) => e.type === 'connected')).toMatchObject({ protocol: 'ocpp1.6' });
    expect(cs.calls[0]?.action).toBe('BootNotification');
    expect(statuses(cs, 0)).toEqual(['Available']);
    expect(statuses(cs, 1)).toEqual(['Available']);

    emu.control.plugIn();
    await expect.poll(() => last(statuses(cs)), { timeout: 10_000 }).toBe('Preparing');
    emu.control.startCharging();
    emu.control.swipe('TAG1');
    await expect.poll(() => cs.of('StartTransaction').length, { timeout: 10_000 }).toBe(1);
    expect(cs.of('Authorize').map((c) => c.params)).toEqual([{ idTag: 'TAG1' }]);
    expect(cs.of('StartTransaction')[0]?.params).toMatchObject({ connectorId: 1, idTag: 'TAG1' });
    await expect.poll(() => last(statuses(cs)), { timeout: 10_000 }).toBe('Charging');
    await expect
      .poll(() => cs.of('MeterValues').filter((c) => c.params['transactionId'] === 100).length, {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    const mv = cs.of('MeterValues')[0]?.params['meterValue'] as {
      sampledValue: { measurand?: string; unit?: string }[];
    }[];
    const units = mv.flatMap((m) => m.sampledValue.map((s) => s.unit));
    expect(units).toContain('Wh');
    expect(units).not.toContain('Amp'); // 1.6 spells A and V

    emu.control.swipe('TAG1'); // the same tag again: a local stop
    await expect.poll(() => cs.of('StopTransaction').length, { timeout: 10_000 }).toBe(1);
    const stop = cs.of('StopTransaction')[0]?.params ?? {};
    expect(stop).toMatchObject({ transactionId: 100, idTag: 'TAG1', reason: 'Local' });
    expect(Array.isArray(stop['transactionData'])).toBe(true);
    await expect.poll(() => last(statuses(cs)), { timeout: 10_000 }).toBe('Finishing');
    emu.control.unplug();
    await expect.poll(() => last(statuses(cs)), { timeout: 10_000 }).toBe('Available');
    expect(cp.transactions.queued()).toBe(0);
    expect(cs.problems).toEqual([]);
  });

  it('remote start with a 10 A TxProfile, SetChargingProfile/Clear, GetCompositeSchedule, remote stop', async () => {
    const { cs, emu, cp } = await startChain16();
    const limits: unknown[] = [];
    const limitSub = cp.limit$.subscribe((l) => limits.push(l));
    onTestFinished(() => limitSub.unsubscribe());
    expect(limits).toEqual([null]); // no profile yet: the latest value at once
    const before = emu.control.status().currentCapacity;
    expect(before).toBeGreaterThan(10);
    emu.control.plugIn();
    emu.control.startCharging();
    const profile = (id: number, limit: number) => ({
      chargingProfileId: id,
      stackLevel: 0,
      chargingProfilePurpose: 'TxProfile',
      chargingProfileKind: 'Relative',
      chargingSchedule: {
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [{ startPeriod: 0, limit }],
      },
    });
    expect(
      await cs.call('RemoteStartTransaction', { idTag: 'TAG1', chargingProfile: profile(7, 16) }),
    ).toEqual({ status: 'Accepted' });
    await expect.poll(() => cs.of('StartTransaction').length, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => emu.control.status().currentCapacity, { timeout: 5000 }).toBe(16);
    // A TxProfile names its transaction: the charge point must know the id first.
    await expect
      .poll(() => cp.transactions.current()?.transactionId, { timeout: 10_000 })
      .toBe(100);

    // SetChargingProfile 10 A → the EV draws ≤ 10 A within 5 s.
    const tx = { ...profile(8, 10), stackLevel: 1, transactionId: 100 };
    expect(await cs.call('SetChargingProfile', { connectorId: 1, csChargingProfiles: tx })).toEqual(
      {
        status: 'Accepted',
      },
    );
    await expect.poll(() => emu.control.status().currentCapacity, { timeout: 5000 }).toBe(10);
    expect(limits.at(-1)).toEqual({
      amps: 10,
      watts: expect.any(Number),
      paused: false,
      pilotAmps: 10,
      profile: { id: 8, purpose: 'TxProfile', stackLevel: 1, connectorId: 1 },
      until: null,
    });
    await expect
      .poll(() => emu.control.status().currentMa, { timeout: 5000 })
      .toBeLessThanOrEqual(10_000);
    // …while charging: the relay closed and the EV drawing, at most the limit.
    await expect
      .poll(
        () => {
          const s = emu.control.status();
          return s.relayClosed && s.currentMa > 0 && s.currentMa <= 10_000;
        },
        { timeout: 10_000 },
      )
      .toBe(true);

    const composite = await cs.call('GetCompositeSchedule', { connectorId: 1, duration: 600 });
    expect(composite).toMatchObject({
      status: 'Accepted',
      connectorId: 1,
      chargingSchedule: {
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }],
      },
    });

    expect(await cs.call('ClearChargingProfile', {})).toEqual({ status: 'Accepted' });
    await expect.poll(() => emu.control.status().currentCapacity, { timeout: 5000 }).toBe(before);
    expect(limits.at(-1)).toBeNull();

    // Below J1772's 6 A the EVSE pauses; the status says SuspendedEVSE.
    const low = { ...profile(9, 3), stackLevel: 1, transactionId: 100 };
    expect(
      await cs.call('SetChargingProfile', { connectorId: 1, csChargingProfiles: low }),
    ).toEqual({
      status: 'Accepted',
    });
    await expect.poll(() => emu.control.status().relayClosed, { timeout: 5000 }).toBe(false);
    await expect.poll(() => last(statuses(cs)), { timeout: 10_000 }).toBe('SuspendedEVSE');
    expect(limits.at(-1)).toMatchObject({ amps: 3, paused: true, pilotAmps: null });
    expect(await cs.call('ClearChargingProfile', { id: 9 })).toEqual({ status: 'Accepted' });
    await expect.poll(() => emu.control.status().relayClosed, { timeout: 5000 }).toBe(true);

    expect(await cs.call('RemoteStopTransaction', { transactionId: 100 })).toEqual({
      status: 'Accepted',
    });
    await expect.poll(() => cs.of('StopTransaction').length, { timeout: 10_000 }).toBe(1);
    expect(cs.of('StopTransaction')[0]?.params).toMatchObject({ reason: 'Remote' });
    expect(cs.problems).toEqual([]);
  });

  it('converts a limit in W with the voltage the station measures, not a nominal 230 V', async () => {
    const { cs, emu, station } = await startChain16();
    await station.client.send('SV', [200_000]); // 200 V (RAPI.md `$SV`), as $GG will read it
    emu.control.plugIn();
    emu.control.startCharging();
    emu.control.swipe('TAG1');
    await expect.poll(() => cs.of('StartTransaction').length, { timeout: 10_000 }).toBe(1);
    const watts = {
      chargingProfileId: 11,
      stackLevel: 0,
      chargingProfilePurpose: 'ChargePointMaxProfile',
      chargingProfileKind: 'Absolute',
      chargingSchedule: {
        chargingRateUnit: 'W',
        startSchedule: new Date(Date.now() - 60_000).toISOString(),
        chargingSchedulePeriod: [{ startPeriod: 0, limit: 3000 }],
      },
    };
    expect(
      await cs.call('SetChargingProfile', { connectorId: 0, csChargingProfiles: watts }),
    ).toEqual({ status: 'Accepted' });
    // 3000 W / 200 V = 15 A (at 230 V it would be 13 A).
    await expect.poll(() => emu.control.status().currentCapacity, { timeout: 5000 }).toBe(15);
    // The voltage rises: the next meter sample (every second here) makes it 3000 / 250 = 12 A.
    await station.client.send('SV', [250_000]);
    await expect.poll(() => emu.control.status().currentCapacity, { timeout: 5000 }).toBe(12);
    expect(cs.problems).toEqual([]);
  });

  it('answers TriggerMessage with Accepted, then sends the message', async () => {
    const { cs } = await startChain16();
    const triggers = [
      'BootNotification',
      'DiagnosticsStatusNotification',
      'FirmwareStatusNotification',
      'Heartbeat',
      'MeterValues',
      'StatusNotification',
    ];
    for (const requestedMessage of triggers) {
      const n = cs.of(requestedMessage).length;
      expect(await cs.call('TriggerMessage', { requestedMessage })).toEqual({ status: 'Accepted' });
      await expect.poll(() => cs.of(requestedMessage).length, { timeout: 5000 }).toBeGreaterThan(n);
    }
    expect(
      await cs.call('TriggerMessage', { requestedMessage: 'Heartbeat', connectorId: 2 }),
    ).toEqual({ status: 'Rejected' });
    expect(cs.problems).toEqual([]);
  });

  it('answers every other CS→CP operation with a schema-valid result', async () => {
    const { cs } = await startChain16();
    await expectCsOperations16(cs.call);
    expect(await cs.call('Reset', { type: 'Soft' })).toEqual({ status: 'Accepted' });
    expect(cs.problems).toEqual([]);
  });
});
