import { afterEach, describe, expect, it } from 'vitest';
import { type Chain, startChain } from './support/chain.js';
import { delay, nextEvent, until } from './support/helpers.js';

let chain: Chain | null = null;
afterEach(async () => {
  await chain?.close();
  chain = null;
});

const sample = (payload: Record<string, unknown>, measurand: string): number => {
  const values =
    (payload['values'] as { value: { measurand: string; value: string }[] }[])[0]?.value ?? [];
  return Number(values.find((v) => v.measurand === measurand)?.value);
};

describe('end to end: emulator → Station → charge point → central system', () => {
  it('boot, status, authorize (card swipe), start, meter values, stop', async () => {
    chain = await startChain();
    const { cs, frames, emu, cp } = chain;
    await until(() => frames.of('StatusNotification').length >= 2, 10_000, 'status');
    const boot = frames.of('BootNotification')[0]?.payload;
    expect(boot).toMatchObject({ chargePointVendor: 'OpenEVSE', chargePointModel: 'Emulated' });
    expect(String(boot?.['firmwareVersion'])).toMatch(/^8\.2\.3/);
    expect(cs.stations()[0]).toMatchObject({ chargeBoxId: 'CP1' });
    await until(() => emu.control.status().evseState === 0xfe, 5000, 'asleep ($FS)');

    emu.control.plugIn();
    emu.control.startCharging();
    await delay(600);
    expect(emu.control.status().relayClosed).toBe(false); // asleep: no charging before authorization
    emu.control.swipe('TAG1');
    await until(() => frames.of('StartTransaction').length === 1, 10_000, 'StartTransaction');
    await until(() => emu.control.status().relayClosed, 10_000, 'charging');
    const start = frames.of('StartTransaction')[0]?.payload ?? {};
    expect(start).toMatchObject({
      connectorId: 1,
      idTag: 'TAG1',
      meterStart: emu.control.status().lifetimeWh,
    });
    expect(frames.of('Authorize')).toHaveLength(1);

    await until(() => frames.of('MeterValues').length >= 2, 10_000, 'meter values');
    const mv = frames.of('MeterValues').at(-1)?.payload ?? {};
    const s = emu.control.status();
    expect(mv['transactionId']).toBe(cs.transactions('CP1')[0]?.transactionId);
    // What the charge point reports matches what the station reports.
    expect(sample(mv, 'Voltage')).toBe(s.voltageMv / 1000);
    expect(sample(mv, 'Current.Import')).toBeCloseTo(s.currentMa / 1000, 0);
    expect(sample(mv, 'Power.Active.Import')).toBeCloseTo((s.currentMa * s.voltageMv) / 1e6, -2);
    expect(sample(mv, 'Energy.Active.Import.Register')).toBeGreaterThan(
      Number(start['meterStart']),
    );
    expect(Number.isFinite(sample(mv, 'Temperature'))).toBe(true);

    const stopped = nextEvent(cp, 'transactionStopped');
    emu.control.unplug();
    await stopped;
    await until(() => frames.of('StopTransaction').length === 1, 10_000, 'StopTransaction');
    const tx = cs.transactions('CP1')[0];
    expect(tx?.state).toBe('stopped');
    expect(tx?.meterStop).toBe(emu.control.status().lifetimeWh); // lifetime Wh after unplug
    expect(tx?.energyWh).toBeGreaterThan(0);
    expect(frames.errors).toEqual([]);
  });

  it('all fifteen CS→CP operations against the real station', async () => {
    chain = await startChain();
    const { cs, frames, emu, cp } = chain;
    await until(() => frames.of('StatusNotification').length >= 2, 10_000, 'status');
    const call = cs.call.bind(cs, 'CP1');

    expect(await call('RemoteStartTransaction', { idTag: 'TAG1', connectorId: 1 })).toEqual({
      status: 'Accepted',
    });
    emu.control.plugIn();
    emu.control.startCharging();
    await until(() => frames.of('StartTransaction').length === 1, 10_000, 'remote start');
    await until(() => emu.control.status().relayClosed, 10_000, 'charging');
    const id = cs.transactions('CP1')[0]?.transactionId ?? -1;
    await until(() => cp.transactions.current()?.transactionId === id, 5000, 'transaction id');
    expect(await call('RemoteStopTransaction', { transactionId: id })).toEqual({
      status: 'Accepted',
    });
    await until(() => frames.of('StopTransaction').length === 1, 10_000, 'remote stop');
    await until(() => !emu.control.status().relayClosed, 5000, 'relay open');
    expect(emu.control.status().evseState).toBe(0xfe); // asleep again ($FS)

    expect(await call('UnlockConnector', { connectorId: 1 })).toEqual({ status: 'Accepted' });
    expect(await call('ChangeAvailability', { connectorId: 0, type: 'Inoperative' })).toEqual({
      status: 'Accepted',
    });
    await until(
      () => frames.of('StatusNotification').some((f) => f.payload['status'] === 'Unavailable'),
      5000,
      'Unavailable',
    );
    expect(emu.control.status().evseState).toBe(0xfe); // held asleep, no $FD of its own
    expect(await call('ChangeAvailability', { connectorId: 0, type: 'Operative' })).toEqual({
      status: 'Accepted',
    });
    expect(emu.control.status().evseState).toBe(0xfe); // operative, but nobody is authorized

    expect(
      await call('ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '5' }),
    ).toEqual({ status: 'Accepted' });
    const conf = await cs.call('CP1', 'GetConfiguration', {
      key: ['MeterValueSampleInterval', 'HeartBeatInterval'],
    });
    expect(conf.configurationKey?.find((k) => k.key === 'MeterValueSampleInterval')?.value).toBe(
      '5',
    );
    expect(await call('ClearCache', {})).toEqual({ status: 'Accepted' });
    expect(
      await call('SendLocalList', {
        updateType: 'Full',
        listVersion: 2,
        localAuthorisationList: [{ idTag: 'LOCAL', idTagInfo: { status: 'Accepted' } }],
      }),
    ).toEqual({ status: 'Accepted' });
    expect(await call('GetLocalListVersion', {})).toEqual({ listVersion: 2 });
    emu.control.unplug();
    // Asleep, the unplug shows only in vflag 0x0100 (FIELD-FIRMWARE.md §1).
    await until(() => !chain?.station.getStatus().evConnected, 5000, 'unplugged');
    const expiryDate = new Date(Date.now() + 60_000).toISOString();
    expect(
      await call('ReserveNow', { connectorId: 1, expiryDate, idTag: 'TAG1', reservationId: 3 }),
    ).toEqual({ status: 'Accepted' });
    await until(
      () => frames.of('StatusNotification').some((f) => f.payload['status'] === 'Reserved'),
      5000,
      'Reserved',
    );
    expect(await call('CancelReservation', { reservationId: 3 })).toEqual({ status: 'Accepted' });
    const diag = await cs.call('CP1', 'GetDiagnostics', { location: 'ftp://127.0.0.1/diag' });
    expect(diag.fileName).toMatch(/^diagnostics-CP1-/);
    await until(
      () => frames.of('DiagnosticsStatusNotification').length === 1,
      5000,
      'diagnostics status',
    );
    expect(
      await call('UpdateFirmware', {
        location: 'ftp://127.0.0.1/fw.hex',
        retrieveDate: new Date().toISOString(),
      }),
    ).toEqual({});
    await until(
      () => frames.of('FirmwareStatusNotification').length === 1,
      5000,
      'firmware status',
    );
    expect(await call('DataTransfer', { vendorId: 'Acme' })).toEqual({ status: 'UnknownVendorId' });

    const boots = frames.of('BootNotification').length;
    expect(await call('Reset', { type: 'Hard' })).toEqual({ status: 'Accepted' });
    await until(
      () => frames.of('BootNotification').length === boots + 1,
      10_000,
      'boot after reset',
    );
    await until(() => emu.control.status().evseState === 0xfe, 5000, 'asleep after the reset');
    expect(frames.errors).toEqual([]);
  });

  it('outage: charging continues, Start/MeterValues/Stop arrive in order, once each', async () => {
    chain = await startChain({ firstTransactionId: 500 });
    const { frames, emu, cp, cs } = chain;
    await until(() => frames.of('StatusNotification').length >= 2, 10_000, 'status');
    emu.control.plugIn();
    emu.control.startCharging();
    emu.control.swipe('TAG1'); // online: Authorize.req, and the answer is cached
    await until(() => frames.of('MeterValues').length >= 1, 10_000, 'first meter value');

    const port = cs.port;
    const down = nextEvent(cp, 'disconnected');
    await cs.close(); // the central system goes away mid-transaction
    await down;
    await delay(3000);
    expect(emu.control.status().relayClosed).toBe(true); // charging continues
    let stopped = nextEvent(cp, 'transactionStopped');
    emu.control.unplug();
    await stopped;

    // A second transaction starts while still offline (TAG1 from the authorization cache).
    const started = nextEvent(cp, 'transactionStarted');
    emu.control.plugIn();
    emu.control.startCharging();
    emu.control.swipe('TAG1');
    await started;
    await until(() => emu.control.status().relayClosed, 10_000, 'offline charging');
    await delay(1600);
    stopped = nextEvent(cp, 'transactionStopped');
    emu.control.unplug();
    await stopped;
    const backlog = cp.transactions.queued();
    expect(backlog).toBeGreaterThanOrEqual(6);

    // Back on the same port: a fresh SteVe instance that does not know transaction 500.
    const { createCentralSystem } = await import('../src/central/central-system.js');
    const { recordFrames } = await import('./support/chain.js');
    const cs2 = await createCentralSystem({ port, allow: ['CP1'], tags: { TAG1: 'Accepted' } });
    const after = recordFrames(cs2);
    const prev = chain.close;
    chain.close = async () => {
      await prev();
      await cs2.close();
    };
    await until(() => cp.transactions.queued() === 0, 15_000, 'queue drained');
    await delay(200);
    const TX = new Set(['StartTransaction', 'MeterValues', 'StopTransaction']);
    const tx = after.calls.filter((c) => TX.has(c.action));
    expect(tx).toHaveLength(backlog); // once each
    // The rest of 500, then the offline one, which gets its id (1) from the delayed
    // StartTransaction.conf before its MeterValues and Stop are sent.
    const shape = tx.map((c) => `${c.action}:${c.payload['transactionId'] ?? '-'}`);
    const stop500 = shape.indexOf('StopTransaction:500');
    expect(shape.slice(0, stop500).every((x) => x === 'MeterValues:500')).toBe(true);
    expect(shape[stop500 + 1]).toBe('StartTransaction:-');
    expect(shape.slice(stop500 + 2, -1).every((x) => x === 'MeterValues:1')).toBe(true);
    expect(shape.slice(stop500 + 2, -1).length).toBeGreaterThanOrEqual(1);
    expect(shape.at(-1)).toBe('StopTransaction:1');
    const stamps = tx
      .filter((c) => c.action === 'MeterValues')
      .map((c) => (c.payload['values'] as { timestamp: string }[])[0]?.timestamp);
    expect(new Set(stamps).size).toBe(stamps.length);
    expect([...stamps].sort()).toEqual(stamps);
    expect(cs2.transactions('CP1')).toMatchObject([{ transactionId: 1, state: 'stopped' }]);
    expect(cs2.transactions('CP1')[0]?.energyWh).toBeGreaterThan(0);
    expect(after.errors).toEqual([]);
    expect(frames.errors).toEqual([]);
  });
});
