// Interop: OUR charge point (the real chain emulator → core Station → createChargePoint)
// against an independent strict central system built from ocpp-rpc's RPCServer with ajv
// validation of every frame (support/strict-rpc-cs.ts). Checks the STEVE.md §5 duties:
// nothing before BootNotification Accepted, one CALL at a time, fresh ids, UTC-Z-millis
// timestamps, schema-valid payloads, the CS-assigned transactionId used everywhere.
import { describe, expect, it, onTestFinished } from 'vitest';
import { WebSocket } from 'ws';
import type { ChargePointOptions } from '../../src/charge-point/types.js';
import { startStack } from '../support/chain.js';
import { until } from '../support/helpers.js';
import {
  type StrictCs,
  type StrictCsOptions,
  startStrictRpcCs,
  steveDate,
} from '../support/strict-rpc-cs.js';

async function startChain(
  csOptions: StrictCsOptions = {},
  cpOptions: Partial<ChargePointOptions> = {},
  userinfo = '',
) {
  const cs = await startStrictRpcCs('CP1', csOptions);
  onTestFinished(() => cs.close());
  const { emu, station, cp, close } = await startStack(
    cs.url.replace('ws://', `ws://${userinfo}`),
    cpOptions,
  );
  onTestFinished(close);
  return { cs, emu, station, cp };
}

type Sample = { value: string; measurand?: string; unit?: string; context?: string };
type MeterValue = { timestamp: string; value: Sample[] };

/** The 1.5 shape: `values[]` of `{ timestamp, value: [sample] }` (STEVE.md §3). */
function checkMeterValues(cs: StrictCs, transactionId: number): MeterValue[] {
  const all = cs.of('MeterValues').filter((c) => c.params['transactionId'] === transactionId);
  const values = all.flatMap((c) => c.params['values'] as MeterValue[]);
  for (const c of all) expect(c.params['connectorId']).toBe(1);
  for (const v of values) {
    expect(v.value.length).toBeGreaterThan(0);
    for (const s of v.value) expect(Number.isFinite(Number(s.value))).toBe(true);
  }
  return values;
}

describe('our charge point → ocpp-rpc RPCServer (strict, ajv-validated)', () => {
  it('boot, statuses, swipe/authorize, start, meter values, stop on unplug', async () => {
    const { cs, emu, cp } = await startChain();
    await until(() => cs.of('StatusNotification').length >= 2, 10_000, 'statuses');
    const [first] = cs.calls;
    expect(first?.action).toBe('BootNotification');
    expect(first?.params).toMatchObject({
      chargePointVendor: 'OpenEVSE',
      chargePointModel: 'Emulated',
    });
    // connector 0 (the charge point) and connector 1, both Available
    expect(
      cs
        .of('StatusNotification')
        .slice(0, 2)
        .map((c) => [c.params['connectorId'], c.params['status']]),
    ).toEqual(
      expect.arrayContaining([
        [0, 'Available'],
        [1, 'Available'],
      ]),
    );
    await until(() => emu.control.status().evseState === 0xfe, 5000, 'asleep ($FS)');

    emu.control.plugIn();
    emu.control.startCharging();
    emu.control.swipe('TAG1');
    await until(() => cs.of('StartTransaction').length === 1, 10_000, 'StartTransaction');
    const start = cs.of('StartTransaction')[0]?.params ?? {};
    expect(start).toMatchObject({ connectorId: 1, idTag: 'TAG1' });
    expect(cs.of('Authorize').map((c) => c.params)).toEqual([{ idTag: 'TAG1' }]);
    await until(() => cp.transactions.current()?.transactionId === 100, 5000, 'transaction id');
    await until(
      () => cs.of('MeterValues').filter((c) => c.params['transactionId'] === 100).length >= 2,
      10_000,
      'meter values',
    );
    const occupied = cs.of('StatusNotification').filter((c) => c.params['status'] === 'Occupied');
    expect(occupied.map((c) => c.params['connectorId'])).toContain(1);

    emu.control.unplug();
    await until(() => cs.of('StopTransaction').length === 1, 10_000, 'StopTransaction');
    const stop = cs.of('StopTransaction')[0]?.params ?? {};
    expect(stop['transactionId']).toBe(100); // the id the CS assigned
    expect(Number(stop['meterStop'])).toBeGreaterThanOrEqual(Number(start['meterStart']));
    const values = checkMeterValues(cs, 100);
    const energy = values
      .flatMap((v) => v.value)
      .filter((s) => s.measurand === 'Energy.Active.Import.Register')
      .map((s) => Number(s.value));
    expect(energy.length).toBeGreaterThan(0);
    for (const e of energy) expect(e).toBeGreaterThanOrEqual(Number(start['meterStart']));
    // any StopTransaction meter data uses 1.5's extra `values` wrapper level (STEVE.md §3)
    for (const d of (stop['transactionData'] as { values: unknown[] }[] | undefined) ?? [])
      expect(Array.isArray(d.values)).toBe(true);
    await until(() => cs.transactions.get(100)?.stopped === true, 2000, 'stopped');
    expect(cs.problems).toEqual([]);
  });

  it('waits out a Rejected boot: nothing else until Accepted, retry after heartbeatInterval', async () => {
    const { cs } = await startChain(
      { bootStatus: (n) => (n === 0 ? 'Rejected' : 'Accepted'), heartbeatInterval: 1 },
      { bootRetryMs: 200 },
    );
    await until(() => cs.of('BootNotification').length === 2, 10_000, 'second boot');
    await until(() => cs.of('StatusNotification').length >= 2, 5000, 'statuses after Accepted');
    const [b1, b2] = cs.of('BootNotification');
    // STEVE.md §5.2: wait at least the returned interval (1 s) before the next boot
    expect((b2?.at ?? 0) - (b1?.at ?? 0)).toBeGreaterThanOrEqual(950);
    // the only CALLs before the second boot are boots
    const beforeSecond = cs.calls.filter((c) => c.at < (b2?.at ?? 0));
    expect(beforeSecond.map((c) => c.action)).toEqual(['BootNotification']);
    expect(cs.problems).toEqual([]);
  });

  it('remote start, remote stop, then a Hard reset and a fresh boot', async () => {
    const { cs, emu, cp } = await startChain();
    await until(() => cs.of('StatusNotification').length >= 2, 10_000, 'statuses');
    expect(await cs.call('RemoteStartTransaction', { idTag: 'TAG1', connectorId: 1 })).toEqual({
      status: 'Accepted',
    });
    emu.control.plugIn();
    emu.control.startCharging();
    await until(() => cs.of('StartTransaction').length === 1, 10_000, 'remote start');
    expect(cs.of('StartTransaction')[0]?.params).toMatchObject({ connectorId: 1, idTag: 'TAG1' });
    await until(() => emu.control.status().relayClosed, 10_000, 'charging');
    await until(() => cp.transactions.current()?.transactionId === 100, 5000, 'transaction id');
    // unknown transaction → Rejected; the real one → Accepted
    expect(await cs.call('RemoteStopTransaction', { transactionId: 999 })).toEqual({
      status: 'Rejected',
    });
    expect(await cs.call('RemoteStopTransaction', { transactionId: 100 })).toEqual({
      status: 'Accepted',
    });
    await until(() => cs.of('StopTransaction').length === 1, 10_000, 'remote stop');
    expect(cs.of('StopTransaction')[0]?.params['transactionId']).toBe(100);
    await until(() => !emu.control.status().relayClosed, 5000, 'relay open');

    const conf = await cs.call('GetConfiguration', { key: [] });
    expect((conf['configurationKey'] as { key: string }[]).map((k) => k.key)).toContain(
      'HeartBeatInterval',
    );
    expect(await cs.call('Reset', { type: 'Hard' })).toEqual({ status: 'Accepted' });
    await until(() => cs.of('BootNotification').length === 2, 10_000, 'boot after reset');
    await until(() => cs.sessions() === 2 && cs.accepted, 5000, 'new session accepted');
    await until(() => emu.control.status().evseState === 0xfe, 5000, 'asleep after the reset');
    expect(cs.problems).toEqual([]);
  });
});

describe('our charge point → ocpp-rpc RPCServer: timing and concurrency', () => {
  it('heartbeats at the boot interval, syncs its clock from +02:00 dates, answers pings and parallel CALLs', async () => {
    const { cs, cp } = await startChain({ heartbeatInterval: 1, pingIntervalMs: 100 });
    const clock: number[] = [];
    cp.events$.subscribe((e) => {
      if (e.type === 'clock') clock.push(e.offsetMs);
    });
    await until(() => cs.of('Heartbeat').length >= 2, 5000, 'two heartbeats');
    const [h1, h2] = cs.of('Heartbeat');
    const gap = (h2?.at ?? 0) - (h1?.at ?? 0);
    expect(gap).toBeGreaterThanOrEqual(800);
    expect(gap).toBeLessThan(2500);
    // SteVe's dates carry the JVM offset; the CP must read them as the same instant (≈ 0 skew)
    expect(clock.length).toBeGreaterThan(0);
    for (const offset of clock) expect(Math.abs(offset)).toBeLessThan(2000);

    // SteVe does not serialise its CALLs (STEVE.md §1.6): several in flight, each answered
    const answers = await Promise.all([
      cs.call('GetLocalListVersion', {}),
      cs.call('ChangeConfiguration', { key: 'HeartBeatInterval', value: '2' }),
      cs.call('ReserveNow', {
        connectorId: 1,
        expiryDate: steveDate(new Date(Date.now() + 3_600_000)),
        idTag: 'TAG1',
        reservationId: 7,
      }),
    ]);
    expect(answers).toEqual([
      { listVersion: expect.any(Number) },
      { status: 'Accepted' },
      { status: 'Accepted' },
    ]);
    await until(
      () => cs.of('StatusNotification').some((c) => c.params['status'] === 'Reserved'),
      5000,
      'Reserved',
    );
    expect(await cs.call('CancelReservation', { reservationId: 7 })).toEqual({
      status: 'Accepted',
    });
    // ocpp-rpc pinged every 100 ms the whole time and never had to drop the session
    expect(cs.sessions()).toBe(1);
    expect(cs.closes).toEqual([]);
    expect(cs.problems).toEqual([]);
  });

  it('answers a CALL it does not know with a CALLERROR code SteVe knows', async () => {
    const { cs } = await startChain();
    await until(() => cs.accepted && cs.of('StatusNotification').length >= 2, 10_000, 'boot');
    // a 1.6-only action sent on the 1.5 session (bypasses the fixture's own schema check)
    const error = await cs
      .raw('TriggerMessage', { requestedMessage: 'Heartbeat' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ rpcErrorCode: 'NotImplemented' });
    expect(cs.closes).toEqual([]);
    expect(cs.problems).toEqual([]);
  });
});

describe('our charge point → ocpp-rpc RPCServer: the other CS→CP operations', () => {
  it('answers each in SteVe shapes with a schema-valid .conf', async () => {
    const { cs, emu } = await startChain();
    await until(() => cs.of('StatusNotification').length >= 2, 10_000, 'statuses');
    expect(await cs.call('UnlockConnector', { connectorId: 1 })).toEqual({ status: 'Accepted' });
    expect(await cs.call('ClearCache', {})).toEqual({ status: 'Accepted' });
    // a FULL list SteVe built empty arrives as [] (STEVE.md §1.6)
    expect(
      await cs.call('SendLocalList', {
        updateType: 'Full',
        listVersion: 4,
        localAuthorisationList: [],
      }),
    ).toEqual({ status: 'Accepted' });
    expect(await cs.call('GetLocalListVersion', {})).toEqual({ listVersion: 4 });
    expect(
      await cs.call('ChangeAvailability', { connectorId: 0, type: 'Inoperative' }),
    ).toMatchObject({
      status: expect.stringMatching(/^(Accepted|Scheduled)$/),
    });
    await until(
      () => cs.of('StatusNotification').some((c) => c.params['status'] === 'Unavailable'),
      5000,
      'Unavailable',
    );
    expect(await cs.call('ChangeAvailability', { connectorId: 0, type: 'Operative' })).toEqual({
      status: 'Accepted',
    });
    await until(() => emu.control.status().evseState !== 0xff, 5000, 'enabled again');
    // HTML-escaped by SteVe (STEVE.md §1.7); still just an unknown vendor
    expect(await cs.call('DataTransfer', { vendorId: 'Acme', data: '{&#34;a&#34;:1}' })).toEqual({
      status: 'UnknownVendorId',
    });
    const diag = await cs.call('GetDiagnostics', { location: 'ftp://127.0.0.1/diag' });
    expect(String(diag['fileName'])).not.toBe('');
    await until(() => cs.of('DiagnosticsStatusNotification').length === 1, 5000, 'diag status');
    expect(
      await cs.call('UpdateFirmware', {
        location: 'ftp://127.0.0.1/fw.hex',
        retrieveDate: steveDate(),
      }),
    ).toEqual({});
    await until(() => cs.of('FirmwareStatusNotification').length === 1, 5000, 'fw status');
    expect(cs.problems).toEqual([]);
  });
});

describe('our charge point → ocpp-rpc RPCServer: refusals, errors, reconnects', () => {
  it('stops when StartTransaction.conf is not Accepted (remote start for an unknown tag)', async () => {
    const { cs, emu } = await startChain();
    await until(() => cs.of('StatusNotification').length >= 2, 10_000, 'statuses');
    // the CP trusts the remote start (no Authorize), the CS then says Invalid (STEVE.md §1.8)
    expect(await cs.call('RemoteStartTransaction', { idTag: 'STRANGER', connectorId: 1 })).toEqual({
      status: 'Accepted',
    });
    emu.control.plugIn();
    emu.control.startCharging();
    await until(() => cs.of('StartTransaction').length === 1, 10_000, 'StartTransaction');
    // STEVE.md §5.2: not Accepted → stop charging and send StopTransaction with that id
    await until(() => cs.of('StopTransaction').length === 1, 10_000, 'StopTransaction');
    expect(cs.of('StopTransaction')[0]?.params['transactionId']).toBe(100);
    await until(() => !emu.control.status().relayClosed, 5000, 'relay open');
    expect(cs.problems).toEqual([]);
  });

  it('retries a BootNotification answered with CALLERROR, with fresh ids, sending nothing else', async () => {
    const { cs } = await startChain({ failFirst: { BootNotification: 2 } }, { bootRetryMs: 150 });
    await until(() => cs.of('StatusNotification').length >= 2, 10_000, 'statuses after boot');
    const boots = cs.of('BootNotification');
    expect(boots).toHaveLength(3);
    expect(new Set(boots.map((b) => b.messageId)).size).toBe(3);
    const third = boots[2]?.at ?? 0;
    expect(cs.calls.filter((c) => c.at < third).every((c) => c.action === 'BootNotification')).toBe(
      true,
    );
    expect(cs.problems).toEqual([]);
  });

  it('keeps the transaction across a dropped session: same transactionId after the reconnect', async () => {
    const { cs, emu, cp } = await startChain();
    await until(() => cs.of('StatusNotification').length >= 2, 10_000, 'statuses');
    await until(() => emu.control.status().evseState === 0xfe, 5000, 'asleep ($FS)');
    emu.control.plugIn();
    emu.control.startCharging();
    emu.control.swipe('TAG1');
    await until(() => cp.transactions.current()?.transactionId === 100, 10_000, 'transaction');
    const statusesBefore = cs.of('StatusNotification').length;
    await cs.disconnect();
    await until(() => cs.sessions() === 2, 10_000, 'reconnected');
    const since = Date.now();
    await until(
      () => cs.of('MeterValues').some((c) => c.at > since && c.params['transactionId'] === 100),
      10_000,
      'meter values after the reconnect',
    );
    emu.control.unplug();
    await until(() => cs.of('StopTransaction').length === 1, 10_000, 'StopTransaction');
    expect(cs.of('StopTransaction')[0]?.params['transactionId']).toBe(100);
    expect(cs.of('StartTransaction')).toHaveLength(1); // nothing re-sent twice
    expect(cs.of('StatusNotification').length).toBeGreaterThan(statusesBefore);
    expect(cs.problems).toEqual([]);
  });
});

describe('our charge point → ocpp-rpc RPCServer with HTTP Basic auth', () => {
  it('sends the credentials of the URL (security profile 1, STEVE.md §1.2)', async () => {
    const { cs } = await startChain({ password: 's3cret' }, {}, 'CP1:s3cret@');
    await until(() => cs.of('StatusNotification').length >= 2, 10_000, 'boot over auth');
    // the server does check: without credentials the upgrade is refused with 401
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${cs.url}/CP1`, ['ocpp1.5']);
      ws.on('error', () => undefined);
      ws.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        ws.terminate();
      });
      ws.on('open', () => {
        resolve(101);
        ws.close();
      });
    });
    expect(status).toBe(401);
    expect(cs.problems).toEqual([]);
  });
});

describe('the strict ocpp-rpc central system itself', () => {
  it('flags what a bad charge point does (so the checks above can fail)', async () => {
    const cs = await startStrictRpcCs('CP1');
    onTestFinished(() => cs.close());
    // the handshake rules first: unknown id → 404, no subprotocol → 400 (STEVE.md §1.2)
    const status = (id: string, protocols: string[]) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${cs.url}/${id}`, protocols);
        ws.on('error', () => undefined); // terminate() below emits one
        ws.on('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          ws.terminate();
        });
        ws.on('open', () => {
          resolve(101);
          ws.close();
        });
      });
    expect(await status('CPX', ['ocpp1.5'])).toBe(404);
    expect(await status('CP1', [])).toBe(400);
    expect(await status('CP1', ['ocpp1.6'])).toBe(404);

    const ws = new WebSocket(`${cs.url}/CP1`, ['ocpp1.5']);
    onTestFinished(async () => ws.terminate());
    await new Promise((r) => ws.once('open', r));
    const replies: unknown[][] = [];
    ws.on('message', (m) => replies.push(JSON.parse(String(m)) as unknown[]));
    const send = (frame: unknown[]) => ws.send(JSON.stringify(frame));
    // before boot, local time without offset, then a reused id and a schema violation
    send([
      2,
      'a',
      'StatusNotification',
      {
        connectorId: 1,
        status: 'Available',
        errorCode: 'NoError',
        timestamp: '2026-01-01T10:00:00',
      },
    ]);
    await until(() => replies.length === 1, 2000, 'reply 1');
    send([2, 'a', 'Heartbeat', {}]);
    await until(() => replies.length === 2, 2000, 'reply 2');
    send([2, 'b', 'Authorize', { idTag: 'x'.repeat(21) }]);
    await until(() => replies.length === 3, 2000, 'reply 3');
    expect(replies[2]).toEqual([
      4,
      'b',
      'PropertyConstraintViolation',
      'Message validation failed',
      { errorMsg: 'Violation of field constraints' },
    ]);
    expect(cs.problems.join('\n')).toMatch(/StatusNotification sent before BootNotification/);
    expect(cs.problems.join('\n')).toMatch(/timestamp/);
    expect(cs.problems.join('\n')).toMatch(/message id reused: a/);
    expect(cs.problems.join('\n')).toMatch(/idTag/);
  });
});
