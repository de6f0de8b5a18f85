/**
 * Interop: ocpp-rpc 2.2.1's RPCClient in strict mode for `ocpp1.6` (the official 1.6 schemas,
 * not ours) as a charge point against our central system on 127.0.0.1: a whole session is
 * answered with schema-valid confirmations and lands in the same records as 1.5 sessions;
 * a 1.5 client still works on the same endpoint (STEVE.md §1.1, §1.2, §1.8, §3).
 */
import { describe, expect, it } from 'vitest';
import { centralFrameProblems, connectClient, startCentral16 } from './support/central16.js';

const at = (minutes: number) => new Date(Date.now() - 60_000 * (30 - minutes)).toISOString();

describe('a 1.6 charge point (ocpp-rpc, strict) against the central system', () => {
  it('boots, reports status, authorizes, starts, meters and stops; all stored', async () => {
    const cs = await startCentral16();
    const problems = centralFrameProblems(cs);
    const { client, failures } = await connectClient(cs.url);
    expect(client.protocol).toBe('ocpp1.6');
    expect(cs.connections().map((c) => c.protocol)).toEqual(['ocpp1.6']);

    const boot = await client.call('BootNotification', {
      chargePointVendor: 'OpenEVSE',
      chargePointModel: 'v8',
    });
    // 1.6 says `interval` (1.5: heartbeatInterval), STEVE.md §3.
    expect(boot).toMatchObject({ status: 'Accepted', interval: 60 });
    expect(await client.call('Heartbeat', {})).toHaveProperty('currentTime');
    await client.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Preparing',
    });
    expect(await client.call('Authorize', { idTag: 'TAG1' })).toMatchObject({
      idTagInfo: { status: 'Accepted' },
    });
    expect(await client.call('Authorize', { idTag: 'BLOCKED1' })).toMatchObject({
      idTagInfo: { status: 'Blocked' },
    });
    const start = await client.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG1',
      meterStart: 1000,
      timestamp: at(0),
    });
    const transactionId = start['transactionId'] as number;
    expect(start).toMatchObject({ idTagInfo: { status: 'Accepted' } });
    await client.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'SuspendedEV',
      timestamp: at(1),
    });
    expect(
      await client.call('MeterValues', {
        connectorId: 1,
        transactionId,
        meterValue: [
          {
            timestamp: at(5),
            sampledValue: [
              { value: '1500', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
              { value: '15.8', measurand: 'Current.Import', unit: 'A', phase: 'L1' },
            ],
          },
        ],
      }),
    ).toEqual({});
    const stop = await client.call('StopTransaction', {
      transactionId,
      idTag: 'TAG1',
      meterStop: 3500,
      timestamp: at(10),
      reason: 'EVDisconnected',
      transactionData: [
        {
          timestamp: at(10),
          sampledValue: [{ value: '3500', context: 'Transaction.End', unit: 'Wh' }],
        },
      ],
    });
    expect(stop).toMatchObject({ idTagInfo: { status: 'Accepted' } });
    expect(await client.call('DataTransfer', { vendorId: 'OpenEVSE' })).toEqual({
      status: 'Rejected',
    });
    await client.call('FirmwareStatusNotification', { status: 'Installing' });

    expect(failures).toEqual([]);
    expect(problems()).toEqual({ problems: [], checked: 11 });
    const [station] = cs.stations();
    expect(station?.boot).toMatchObject({ chargePointVendor: 'OpenEVSE' });
    expect(station?.connectors[1]).toMatchObject({ status: 'SuspendedEV', errorCode: 'NoError' });
    expect(station?.firmwareStatus).toBe('Installing');
    expect(cs.transactions()).toEqual([
      expect.objectContaining({
        transactionId,
        state: 'stopped',
        energyWh: 2500,
        stopReason: 'EVDisconnected',
      }),
    ]);
    const values = cs.meterValues({ transactionId });
    expect(values.map((v) => [v.value, v.unit, v.phase, v.source])).toEqual([
      ['1500', 'Wh', undefined, 'MeterValues'],
      ['15.8', 'A', 'L1', 'MeterValues'],
      ['3500', 'Wh', undefined, 'StopTransaction'],
    ]);
    expect(cs.totals()).toMatchObject({ transactions: 1, stoppedTransactions: 1, energyWh: 2500 });
  });

  it('answers Pending registrations as Pending (1.5 sends them as Rejected)', async () => {
    const cs = await startCentral16({ registrationStatus: 'Pending' });
    const { client, failures } = await connectClient(cs.url);
    const boot = await client.call('BootNotification', {
      chargePointVendor: 'OpenEVSE',
      chargePointModel: 'v8',
    });
    expect(boot['status']).toBe('Pending');
    expect(failures).toEqual([]);
  });

  it('serves a 1.5 charge point on the same endpoint, into the same store', async () => {
    const cs = await startCentral16({ allow: ['CP1', 'CP15'] });
    const { client: c16 } = await connectClient(cs.url);
    const { client: c15 } = await connectClient(cs.url, {
      identity: 'CP15',
      protocols: ['ocpp1.5'],
      strictMode: false,
    });
    expect(c15.protocol).toBe('ocpp1.5');
    // 1.5 says heartbeatInterval, and its statuses are 1.5's.
    expect(
      await c15.call('BootNotification', { chargePointVendor: 'X', chargePointModel: 'Y' }),
    ).toMatchObject({ heartbeatInterval: 60 });
    await c15.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Occupied',
    });
    await c16.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Charging',
    });
    const s15 = await c15.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG1',
      meterStart: 0,
      timestamp: at(0),
    });
    const s16 = await c16.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG1',
      meterStart: 0,
      timestamp: at(0),
    });
    // One tag, one open transaction (STEVE.md §1.8): the second start is ConcurrentTx, whichever version.
    expect([s15['idTagInfo'], s16['idTagInfo']]).toEqual([
      expect.objectContaining({ status: 'Accepted' }),
      expect.objectContaining({ status: 'ConcurrentTx' }),
    ]);
    expect(cs.connections().map((c) => [c.chargeBoxId, c.protocol])).toEqual([
      ['CP1', 'ocpp1.6'],
      ['CP15', 'ocpp1.5'],
    ]);
    const connectors = Object.fromEntries(
      cs.stations().map((s) => [s.chargeBoxId, s.connectors[1]?.status]),
    );
    expect(connectors).toEqual({ CP1: 'Charging', CP15: 'Occupied' });
  });
});
