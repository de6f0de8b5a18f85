import { OcppCallError, OcppClosedError, OcppTimeoutError } from '@evse/ocppj';
import { describe, expect, it } from 'vitest';
import type { CentralSystemAction, Confirmation, Request } from '../src/wire/messages.js';
import { centralSystemTests, rawStation, type TestCs } from './support/cs-helpers.js';

const { startCs } = centralSystemTests();
let current: TestCs | undefined;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const T = '2026-06-01T12:00:00.000Z';

type Case<A extends CentralSystemAction> = [
  A,
  Request<A>,
  Record<string, unknown>,
  Confirmation<A>,
];
const c = <A extends CentralSystemAction>(
  action: A,
  req: Request<A>,
  wire: Record<string, unknown>,
  conf: Confirmation<A>,
): Case<A> => [action, req, wire, conf];

// Each CS→CP operation SteVe can send over 1.5J (STEVE.md §1.6): operator payload, what the
// CP receives (SteVe's shapes), and the CP's answer.
const cases = [
  c('CancelReservation', { reservationId: 7 }, { reservationId: 7 }, { status: 'Accepted' }),
  c(
    'ChangeAvailability',
    { connectorId: 0, type: 'Inoperative' },
    { connectorId: 0, type: 'Inoperative' },
    { status: 'Scheduled' },
  ),
  c(
    'ChangeConfiguration',
    { key: 'HeartBeatInterval', value: '60' },
    { key: 'HeartBeatInterval', value: '60' },
    { status: 'Accepted' },
  ),
  c('ClearCache', {}, {}, { status: 'Rejected' }),
  c(
    'DataTransfer',
    { vendorId: 'OpenEVSE', messageId: 'm', data: '{"a":1}' },
    { vendorId: 'OpenEVSE', messageId: 'm', data: '{&#34;a&#34;:1}' },
    { status: 'UnknownVendorId' },
  ),
  c(
    'GetConfiguration',
    {},
    { key: [] },
    {
      configurationKey: [{ key: 'HeartBeatInterval', readonly: false, value: '60' }],
      unknownKey: [],
    },
  ),
  c(
    'GetDiagnostics',
    { location: 'ftp://x/?a=1&b=2', retries: 1 },
    { location: 'ftp://x/?a=1&amp;b=2', retries: 1 },
    { fileName: 'diag.log' },
  ),
  c('GetLocalListVersion', {}, {}, { listVersion: 3 }),
  c(
    'RemoteStartTransaction',
    { idTag: 'TAG1', connectorId: 1 },
    { idTag: 'TAG1', connectorId: 1 },
    { status: 'Accepted' },
  ),
  c('RemoteStopTransaction', { transactionId: 12 }, { transactionId: 12 }, { status: 'Rejected' }),
  c(
    'ReserveNow',
    { connectorId: 1, expiryDate: T, idTag: 'TAG1', reservationId: 7 },
    { connectorId: 1, expiryDate: T, idTag: 'TAG1', reservationId: 7 },
    { status: 'Occupied' },
  ),
  c('Reset', { type: 'Soft' }, { type: 'Soft' }, { status: 'Accepted' }),
  c(
    'SendLocalList',
    { updateType: 'Full', listVersion: 4 },
    { updateType: 'Full', listVersion: 4, localAuthorisationList: [] },
    { status: 'HashError', hash: 'abc' },
  ),
  c('UnlockConnector', { connectorId: 1 }, { connectorId: 1 }, { status: 'Accepted' }),
  c(
    'UpdateFirmware',
    { retrieveDate: T, location: 'http://fw/x.bin' },
    { retrieveDate: T, location: 'http://fw/x.bin' },
    {},
  ),
] as Case<CentralSystemAction>[];

describe('operator API: every CS→CP operation round trip', () => {
  it('covers all 15 CS→CP operations', () => {
    expect(new Set(cases.map(([a]) => a)).size).toBe(15);
  });

  it.each(cases)('%s', async (action, req, wire, conf) => {
    current = await startCs();
    const st = await rawStation(current.cs, 'CP-1');
    const result = current.cs.call('CP-1', action, req);
    const [type, id, gotAction, payload] = await st.r.nextJson();
    expect([type, gotAction, payload]).toEqual([2, action, wire]);
    expect(id).toMatch(UUID);
    st.ws.send(JSON.stringify([3, id, conf]));
    await expect(result).resolves.toEqual(conf);
  });
});

describe('operator API: failures (STEVE.md §1.5, §1.6)', () => {
  it('a CALLERROR rejects with OcppCallError and keeps the session', async () => {
    current = await startCs();
    const st = await rawStation(current.cs, 'CP-1');
    const result = current.cs.call('CP-1', 'Reset', { type: 'Hard' });
    const [, id] = await st.r.nextJson();
    st.ws.send(JSON.stringify([4, id, 'NotSupported', 'no', { why: 1 }]));
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OcppCallError);
    expect(error).toMatchObject({
      code: 'NotSupported',
      message: 'no',
      details: { why: 1 },
      fromPeer: true,
    });
    expect((await st.call('Heartbeat', {}))[0]).toBe(3);
  });

  it('a CALLERROR with a 2.0.1 code closes the socket with 1011', async () => {
    current = await startCs();
    const st = await rawStation(current.cs, 'CP-1');
    const result = current.cs.call('CP-1', 'ClearCache', {}).catch((e: unknown) => e);
    const [, id] = await st.r.nextJson();
    st.ws.send(JSON.stringify([4, id, 'FormatViolation', '', {}]));
    expect(await st.closeCode).toBe(1011);
    expect(await result).toMatchObject({ name: 'OcppCallError', code: 'GenericError' });
  });

  it('a .conf that does not deserialise closes the socket with 1011', async () => {
    current = await startCs();
    const st = await rawStation(current.cs, 'CP-1');
    const result = current.cs
      .call('CP-1', 'UnlockConnector', { connectorId: 1 })
      .catch((e: unknown) => e);
    const [, id] = await st.r.nextJson();
    st.ws.send(JSON.stringify([3, id, { status: 'Unlocked' }])); // the 1.6 literal
    expect(await st.closeCode).toBe(1011);
    expect(await result).toMatchObject({ name: 'OcppCallError', fromPeer: false });
  });

  it('no answer within callTimeoutMs rejects with OcppTimeoutError; the late answer closes with 1011', async () => {
    current = await startCs({ callTimeoutMs: 100 });
    const st = await rawStation(current.cs, 'CP-1');
    const result = current.cs.call('CP-1', 'ClearCache', {});
    const [, id] = await st.r.nextJson();
    await expect(result).rejects.toBeInstanceOf(OcppTimeoutError);
    st.ws.send(JSON.stringify([3, id, { status: 'Accepted' }]));
    expect(await st.closeCode).toBe(1011);
    expect(current.events).toContainEqual(
      expect.objectContaining({
        type: 'protocolError',
        event: expect.objectContaining({ type: 'unexpectedResponse', late: true }),
      }),
    );
  });

  it('a station that is not connected → OcppClosedError; invalid operator payload → TypeError', async () => {
    current = await startCs();
    await expect(current.cs.call('CP-X', 'ClearCache', {})).rejects.toBeInstanceOf(OcppClosedError);
    await rawStation(current.cs, 'CP-1');
    await expect(
      current.cs.call('CP-1', 'RemoteStartTransaction', { idTag: 'x'.repeat(21) }),
    ).rejects.toThrow(TypeError);
  });

  it('sends on the newest session and does not serialise its own CALLs', async () => {
    current = await startCs();
    const old = await rawStation(current.cs, 'CP-1');
    const newest = await rawStation(current.cs, 'CP-1');
    const results = [
      current.cs.call('CP-1', 'ClearCache', {}),
      current.cs.call('CP-1', 'GetLocalListVersion', {}),
      current.cs.call('CP-1', 'Reset', { type: 'Soft' }),
    ];
    const frames = [
      await newest.r.nextJson(),
      await newest.r.nextJson(),
      await newest.r.nextJson(),
    ];
    expect(frames.map((f) => f[2])).toEqual(['ClearCache', 'GetLocalListVersion', 'Reset']);
    expect(old.r.pending).toBe(0);
    // answer in reverse order
    newest.ws.send(JSON.stringify([3, frames[2]?.[1], { status: 'Rejected' }]));
    newest.ws.send(JSON.stringify([3, frames[1]?.[1], { listVersion: 1 }]));
    newest.ws.send(JSON.stringify([3, frames[0]?.[1], { status: 'Accepted' }]));
    expect(await Promise.all(results)).toEqual([
      { status: 'Accepted' },
      { listVersion: 1 },
      { status: 'Rejected' },
    ]);
  });

  it('a .conf with unknown properties is accepted and reported', async () => {
    current = await startCs();
    const st = await rawStation(current.cs, 'CP-1');
    const result = current.cs.call('CP-1', 'ClearCache', {});
    const [, id] = await st.r.nextJson();
    st.ws.send(JSON.stringify([3, id, { status: 'Accepted', extra: true }]));
    await expect(result).resolves.toEqual({ status: 'Accepted' });
    expect(current.events).toContainEqual(
      expect.objectContaining({
        type: 'protocolError',
        close: null,
        event: expect.objectContaining({ type: 'unknownProperties', paths: ['extra'] }),
      }),
    );
  });
});

describe('reservations (STEVE.md §1.8)', () => {
  /** Sends a CS→CP call and answers it from the raw station with `conf`. */
  async function answered<A extends CentralSystemAction>(
    st: Awaited<ReturnType<typeof rawStation>>,
    action: A,
    req: Request<A>,
    conf: Confirmation<A>,
  ) {
    const cs = current?.cs;
    if (!cs) throw new Error('no CS');
    const result = cs.call('CP-1', action, req);
    const [, id] = await st.r.nextJson();
    st.ws.send(JSON.stringify([3, id, conf]));
    return result;
  }

  it('accepted ReserveNow is recorded; cancel, use and a Faulted connector end it', async () => {
    current = await startCs({ tags: { TAG1: 'Accepted' } });
    const st = await rawStation(current.cs, 'CP-1');
    const reserve = (reservationId: number, connectorId: number, status: 'Accepted' | 'Occupied') =>
      answered(
        st,
        'ReserveNow',
        { connectorId, expiryDate: T, idTag: 'TAG1', reservationId },
        { status },
      );
    await reserve(1, 1, 'Accepted');
    await reserve(2, 2, 'Accepted');
    await reserve(3, 1, 'Accepted');
    await reserve(4, 1, 'Occupied'); // not accepted: not recorded
    await answered(st, 'CancelReservation', { reservationId: 1 }, { status: 'Accepted' });
    await st.call('StartTransaction', {
      connectorId: 2,
      idTag: 'TAG1',
      timestamp: T,
      meterStart: 0,
      reservationId: 2,
    });
    await st.call('StatusNotification', {
      connectorId: 1,
      status: 'Faulted',
      errorCode: 'GroundFailure',
    });
    expect(current.cs.reservations().map((r) => [r.reservationId, r.connectorId, r.state])).toEqual(
      [
        [1, 1, 'cancelled'],
        [2, 2, 'used'],
        [3, 1, 'cancelled'],
      ],
    );
    expect(current.cs.reservations('CP-2')).toEqual([]);
  });
});
