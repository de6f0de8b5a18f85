import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startChargePoint } from './support/charge-point-rig.js';
import { nextEvent, until } from './support/helpers.js';

async function setup() {
  const rig = await startChargePoint(
    { ids: ['CP1'], tags: { TAG1: 'Accepted', TAG2: 'Accepted' } },
    { config: { MeterValueSampleInterval: '0' }, reconnect: { minDelayMs: 30, maxDelayMs: 60 } },
    { checkFrames: true },
  );
  await rig.steve.waitFor('BootNotification');
  await rig.steve.waitFor('StatusNotification', (r) => r.payload['connectorId'] === 1);
  return rig;
}

/** A local HTTP server for diagnostics uploads and firmware downloads. */
async function httpServer(): Promise<{ url: string; puts: string[] }> {
  const puts: string[] = [];
  const server: Server = createServer((req, res) => {
    if (req.method === 'PUT') {
      puts.push(req.url ?? '');
      req.resume();
      req.on('end', () => res.end('ok'));
    } else if (req.url === '/fw.hex') res.end(':00000001FF\n');
    else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  onTestFinished(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, puts };
}

describe('the fifteen CS→CP operations', () => {
  it('RemoteStart/RemoteStop drive a transaction without Authorize', async () => {
    const { steve, fake, frames } = await setup();
    expect(await steve.call('RemoteStartTransaction', { idTag: 'TAG1', connectorId: 2 })).toEqual({
      status: 'Rejected',
    });
    expect(await steve.call('RemoteStartTransaction', { idTag: 'TAG1' })).toEqual({
      status: 'Accepted',
    });
    await until(() => fake.status().state === 'notConnected', 2000, 'woken ($FE)');
    fake.plugIn();
    fake.requestCharge();
    const start = await steve.waitFor('StartTransaction');
    expect(start.payload['idTag']).toBe('TAG1');
    expect(steve.actions('Authorize')).toHaveLength(0);
    expect(await steve.call('RemoteStartTransaction', { idTag: 'TAG2' })).toEqual({
      status: 'Rejected',
    });
    expect(await steve.call('RemoteStopTransaction', { transactionId: 999 })).toEqual({
      status: 'Rejected',
    });
    expect(await steve.call('RemoteStopTransaction', { transactionId: 100 })).toEqual({
      status: 'Accepted',
    });
    const stop = await steve.waitFor('StopTransaction');
    expect(stop.payload['transactionId']).toBe(100);
    expect(fake.status()).toMatchObject({ state: 'sleeping', evConnected: true }); // EV still plugged, no current
    expect(frames.errors).toEqual([]);
    expect(steve.invalid).toEqual([]);
  });

  it('UnlockConnector ends the transaction; other connectors are Rejected', async () => {
    const { steve, fake, cp } = await setup();
    fake.plugIn();
    await cp.authorize('TAG1');
    await steve.waitFor('StartTransaction');
    expect(await steve.call('UnlockConnector', { connectorId: 2 })).toEqual({ status: 'Rejected' });
    expect(await steve.call('UnlockConnector', { connectorId: 1 })).toEqual({ status: 'Accepted' });
    await steve.waitFor('StopTransaction');
  });

  it('ChangeAvailability holds the station asleep, persists, and is Scheduled during a transaction', async () => {
    const { steve, fake, cp } = await setup();
    expect(await steve.call('ChangeAvailability', { connectorId: 3, type: 'Inoperative' })).toEqual(
      { status: 'Rejected' },
    );
    expect(await steve.call('ChangeAvailability', { connectorId: 1, type: 'Inoperative' })).toEqual(
      { status: 'Accepted' },
    );
    await steve.waitFor(
      'StatusNotification',
      (r) => r.payload['connectorId'] === 1 && r.payload['status'] === 'Unavailable',
    );
    expect(fake.status().state).toBe('sleeping');
    expect(await steve.call('RemoteStartTransaction', { idTag: 'TAG1' })).toEqual({
      status: 'Rejected',
    });
    expect(await steve.call('ChangeAvailability', { connectorId: 1, type: 'Operative' })).toEqual({
      status: 'Accepted',
    });
    await steve.waitFor(
      'StatusNotification',
      (r) => r.payload['connectorId'] === 1 && r.payload['status'] === 'Available',
    );
    expect(fake.status().state).toBe('sleeping'); // operative, but not authorized
    fake.plugIn();
    await cp.authorize('TAG1');
    await steve.waitFor('StartTransaction');
    await until(() => fake.status().state === 'connected', 2000, 'woken for TAG1');
    expect(await steve.call('ChangeAvailability', { connectorId: 0, type: 'Inoperative' })).toEqual(
      { status: 'Scheduled' },
    );
    expect(fake.status().state).toBe('connected');
    fake.unplug();
    await steve.waitFor('StopTransaction');
    await steve.waitFor(
      'StatusNotification',
      (r) => r.payload['connectorId'] === 0 && r.payload['status'] === 'Unavailable',
    );
    expect(fake.status().state).toBe('sleeping');
  });

  it('Change/GetConfiguration with documented keys, NotSupported and Rejected', async () => {
    const { steve } = await setup();
    expect(
      await steve.call('ChangeConfiguration', { key: 'HeartBeatInterval', value: '1' }),
    ).toEqual({ status: 'Accepted' });
    await steve.waitFor('Heartbeat');
    expect(
      await steve.call('ChangeConfiguration', { key: 'MeterValueSampleInterval', value: 'x' }),
    ).toEqual({ status: 'Rejected' });
    expect(await steve.call('ChangeConfiguration', { key: 'ChargePointId', value: 'X' })).toEqual({
      status: 'Rejected',
    });
    expect(await steve.call('ChangeConfiguration', { key: 'BlinkRepeat', value: '3' })).toEqual({
      status: 'NotSupported',
    });
    const all = (await steve.call('GetConfiguration', { key: [] })) as {
      configurationKey: { key: string; value: string }[];
    };
    const keys = Object.fromEntries(all.configurationKey.map((k) => [k.key, k.value]));
    expect(keys).toMatchObject({
      HeartBeatInterval: '1',
      MeterValueSampleInterval: '0',
      ChargePointId: 'CP1',
    });
    expect(await steve.call('GetConfiguration', { key: ['HeartBeatInterval', 'Nope'] })).toEqual({
      configurationKey: [{ key: 'HeartBeatInterval', readonly: false, value: '1' }],
      unknownKey: ['Nope'],
    });
  });

  it('SendLocalList/GetLocalListVersion/ClearCache and offline authorization from the list', async () => {
    const { steve, fake, cp } = await setup();
    expect(await steve.call('GetLocalListVersion', {})).toEqual({ listVersion: 0 });
    const full = {
      updateType: 'Full',
      listVersion: 5,
      localAuthorisationList: [
        { idTag: 'LOCAL1', idTagInfo: { status: 'Accepted' } },
        { idTag: 'GONE', idTagInfo: { status: 'Accepted' } },
      ],
    };
    expect(await steve.call('SendLocalList', full)).toEqual({ status: 'Accepted' });
    expect(
      await steve.call('SendLocalList', {
        updateType: 'Differential',
        listVersion: 5,
        localAuthorisationList: [],
      }),
    ).toEqual({
      status: 'VersionMismatch',
    });
    expect(
      await steve.call('SendLocalList', {
        updateType: 'Differential',
        listVersion: 6,
        localAuthorisationList: [{ idTag: 'GONE' }],
      }),
    ).toEqual({
      status: 'Accepted',
    });
    expect(await steve.call('GetLocalListVersion', {})).toEqual({ listVersion: 6 });
    // LocalPreAuthorize: a listed tag starts without Authorize.req.
    fake.plugIn();
    expect((await cp.authorize('LOCAL1')).status).toBe('Accepted');
    expect(steve.actions('Authorize')).toHaveLength(0);
    await steve.waitFor('StartTransaction');
    expect((await cp.authorize('LOCAL1')).status).toBe('Accepted'); // same tag again = local stop
    await steve.waitFor('StopTransaction');
    // GONE was removed by the differential update: it goes to the CS, which says Invalid.
    expect((await cp.authorize('GONE')).status).toBe('Invalid');
    expect(await steve.call('ClearCache', {})).toEqual({ status: 'Accepted' });
  });

  it('ReserveNow/CancelReservation: Reserved status, other tags refused, reservationId in StartTransaction', async () => {
    const { steve, fake, cp } = await setup();
    const expiryDate = new Date(Date.now() + 60_000).toISOString();
    expect(
      await steve.call('ReserveNow', {
        connectorId: 1,
        expiryDate,
        idTag: 'TAG1',
        reservationId: 7,
      }),
    ).toEqual({ status: 'Accepted' });
    await steve.waitFor('StatusNotification', (r) => r.payload['status'] === 'Reserved');
    expect(await steve.call('CancelReservation', { reservationId: 8 })).toEqual({
      status: 'Rejected',
    });
    expect(await steve.call('CancelReservation', { reservationId: 7 })).toEqual({
      status: 'Accepted',
    });
    await steve.waitFor(
      'StatusNotification',
      (r) => r.payload['status'] === 'Available' && r.payload['connectorId'] === 1,
    );
    expect(
      await steve.call('ReserveNow', {
        connectorId: 1,
        expiryDate,
        idTag: 'TAG1',
        reservationId: 9,
      }),
    ).toEqual({ status: 'Accepted' });
    expect((await cp.authorize('TAG2')).status).toBe('Invalid');
    fake.plugIn();
    await cp.authorize('TAG1');
    const start = await steve.waitFor('StartTransaction');
    expect(start.payload['reservationId']).toBe(9);
    expect(
      await steve.call('ReserveNow', {
        connectorId: 1,
        expiryDate,
        idTag: 'TAG2',
        reservationId: 10,
      }),
    ).toEqual({ status: 'Occupied' });
    fake.fault('gfci', 6);
    expect(
      await steve.call('ReserveNow', {
        connectorId: 1,
        expiryDate,
        idTag: 'TAG2',
        reservationId: 10,
      }),
    ).toEqual({ status: 'Faulted' });
  });

  it('GetDiagnostics uploads over HTTP and UpdateFirmware downloads, with status notifications', async () => {
    const { steve, cp } = await setup();
    const http = await httpServer();
    const diag = (await steve.call('GetDiagnostics', { location: `${http.url}/upload` })) as {
      fileName: string;
    };
    expect(diag.fileName).toMatch(/^diagnostics-CP1-.*\.json$/);
    const d = await steve.waitFor('DiagnosticsStatusNotification');
    expect(d.payload).toEqual({ status: 'Uploaded' });
    expect(http.puts).toEqual([`/upload/${diag.fileName}`]);
    await steve.call('GetDiagnostics', { location: 'ftp://127.0.0.1/nowhere' });
    await steve.waitFor(
      'DiagnosticsStatusNotification',
      (r) => r.payload['status'] === 'UploadFailed',
    );

    const fw = nextEvent(cp, 'firmware', (e) => e.status === 'InstallationFailed');
    expect(
      await steve.call('UpdateFirmware', {
        location: `${http.url}/fw.hex`,
        retrieveDate: new Date().toISOString(),
      }),
    ).toEqual({});
    await steve.waitFor('FirmwareStatusNotification', (r) => r.payload['status'] === 'Downloaded');
    await steve.waitFor(
      'FirmwareStatusNotification',
      (r) => r.payload['status'] === 'InstallationFailed',
    );
    await fw;
    await steve.call('UpdateFirmware', {
      location: `${http.url}/missing.hex`,
      retrieveDate: new Date().toISOString(),
    });
    await steve.waitFor(
      'FirmwareStatusNotification',
      (r) => r.payload['status'] === 'DownloadFailed',
    );
  });

  it('DataTransfer answers UnknownVendorId / UnknownMessageId', async () => {
    const { steve } = await setup();
    expect(await steve.call('DataTransfer', { vendorId: 'Acme' })).toEqual({
      status: 'UnknownVendorId',
    });
    expect(
      await steve.call('DataTransfer', { vendorId: 'OpenEVSE', messageId: 'x', data: '{}' }),
    ).toEqual({ status: 'UnknownMessageId' });
  });

  it('Reset ends the transaction, resets the station ($FR) and boots again on a new connection', async () => {
    const { steve, fake, cp, frames } = await setup();
    fake.plugIn();
    await cp.authorize('TAG1');
    await steve.waitFor('StartTransaction');
    const bootsBefore = steve.actions('BootNotification').length;
    expect(await steve.call('Reset', { type: 'Soft' })).toEqual({ status: 'Accepted' });
    await steve.waitFor('StopTransaction');
    await steve.waitFor('BootNotification');
    expect(steve.actions('BootNotification')).toHaveLength(bootsBefore + 1);
    expect(fake.calls).toContain('reset');
    // The controller boots awake; the arbiter puts it back to sleep ($AB → $FS).
    await until(
      () => fake.calls.lastIndexOf('sleep') > fake.calls.indexOf('reset'),
      2000,
      're-slept',
    );
    await until(() => fake.status().state === 'sleeping', 2000, 'asleep after the reset');
    expect(await steve.call('Reset', { type: 'Hard' })).toEqual({ status: 'Accepted' });
    await steve.waitFor('BootNotification');
    expect(frames.errors).toEqual([]);
    expect(steve.invalid).toEqual([]);
  });

  it('answers a second CALL while the first is still being handled', async () => {
    const { steve } = await setup();
    const [a, b] = await Promise.all([
      steve.call('GetLocalListVersion', {}),
      steve.call('DataTransfer', { vendorId: 'Acme' }),
    ]);
    expect(a).toEqual({ listVersion: 0 });
    expect(b).toEqual({ status: 'UnknownVendorId' });
  });
});
