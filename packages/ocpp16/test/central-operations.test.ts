/**
 * Every CS→CP operation of OCPP 1.6 (§5) sent by our central system's `call` to ocpp-rpc's
 * strict 1.6 client: the client's strict mode (the official schemas) accepts each CALL, the
 * answer comes back validated, and SteVe's shapes are on the wire (STEVE.md §1.6). A 1.6-only
 * operation on a 1.5 session is refused before anything is sent.
 */
import { describe, expect, it } from 'vitest';
import { ACTION_NAMES, sentBy } from '../src/index.js';
import {
  centralFrameProblems,
  connectClient,
  type RpcCallInfo,
  startCentral16,
} from './support/central16.js';

const T = '2026-06-01T12:00:00.000Z';
const profile = {
  chargingProfileId: 7,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Recurring',
  recurrencyKind: 'Daily',
  chargingSchedule: {
    startSchedule: T,
    chargingRateUnit: 'A',
    chargingSchedulePeriod: [
      { startPeriod: 0, limit: 16 },
      { startPeriod: 64800, limit: 10.5, numberPhases: 1 },
    ],
  },
} as const;

// [operation, what the operator sends, what the CP receives, the CP's answer]
const cases: [string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>][] =
  [
    ['CancelReservation', { reservationId: 3 }, { reservationId: 3 }, { status: 'Accepted' }],
    [
      'ChangeAvailability',
      { connectorId: 0, type: 'Inoperative' },
      { connectorId: 0, type: 'Inoperative' },
      { status: 'Scheduled' },
    ],
    [
      'ChangeConfiguration',
      { key: 'MeterValueSampleInterval', value: '30' },
      { key: 'MeterValueSampleInterval', value: '30' },
      { status: 'RebootRequired' },
    ],
    ['ClearCache', {}, {}, { status: 'Accepted' }],
    [
      'ClearChargingProfile',
      { chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 0 },
      { chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 0 },
      { status: 'Unknown' },
    ],
    [
      'DataTransfer',
      { vendorId: 'OpenEVSE', messageId: 'ping', data: 'x' },
      { vendorId: 'OpenEVSE', messageId: 'ping', data: 'x' },
      { status: 'UnknownVendorId' },
    ],
    [
      'GetCompositeSchedule',
      { connectorId: 1, duration: 3600, chargingRateUnit: 'A' },
      { connectorId: 1, duration: 3600, chargingRateUnit: 'A' },
      {
        status: 'Accepted',
        connectorId: 1,
        scheduleStart: T,
        chargingSchedule: {
          duration: 3600,
          startSchedule: T,
          chargingRateUnit: 'A',
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 16, numberPhases: 3 }],
        },
      },
    ],
    // SteVe writes the empty key list for "all keys" (STEVE.md §1.6).
    [
      'GetConfiguration',
      {},
      { key: [] },
      {
        configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '60' }],
        unknownKey: ['Foo'],
      },
    ],
    [
      'GetDiagnostics',
      { location: 'ftp://example.com/diag', retries: 2, startTime: T },
      { location: 'ftp://example.com/diag', retries: 2, startTime: T },
      { fileName: 'diag.log' },
    ],
    ['GetLocalListVersion', {}, {}, { listVersion: 4 }],
    [
      'RemoteStartTransaction',
      {
        idTag: 'TAG1',
        connectorId: 1,
        chargingProfile: { ...profile, chargingProfilePurpose: 'TxProfile' },
      },
      {
        idTag: 'TAG1',
        connectorId: 1,
        chargingProfile: { ...profile, chargingProfilePurpose: 'TxProfile' },
      },
      { status: 'Accepted' },
    ],
    ['RemoteStopTransaction', { transactionId: 5 }, { transactionId: 5 }, { status: 'Rejected' }],
    [
      'ReserveNow',
      { connectorId: 1, expiryDate: T, idTag: 'TAG1', reservationId: 9 },
      { connectorId: 1, expiryDate: T, idTag: 'TAG1', reservationId: 9 },
      { status: 'Occupied' },
    ],
    ['Reset', { type: 'Soft' }, { type: 'Soft' }, { status: 'Accepted' }],
    [
      'SendLocalList',
      { listVersion: 5, updateType: 'Full' },
      { listVersion: 5, updateType: 'Full', localAuthorizationList: [] },
      { status: 'VersionMismatch' },
    ],
    [
      'SetChargingProfile',
      { connectorId: 1, csChargingProfiles: profile },
      { connectorId: 1, csChargingProfiles: profile },
      { status: 'Accepted' },
    ],
    [
      'TriggerMessage',
      { requestedMessage: 'MeterValues', connectorId: 1 },
      { requestedMessage: 'MeterValues', connectorId: 1 },
      { status: 'Accepted' },
    ],
    ['UnlockConnector', { connectorId: 1 }, { connectorId: 1 }, { status: 'Unlocked' }],
    [
      'UpdateFirmware',
      { location: 'https://example.com/fw.bin', retrieveDate: T },
      { location: 'https://example.com/fw.bin', retrieveDate: T },
      {},
    ],
  ];

describe('CS→CP 1.6 operations from the central system', () => {
  it('covers every operation the 1.6 table gives the central system', () => {
    const table = ACTION_NAMES.filter((a) => sentBy(a, 'centralSystem'));
    expect(cases.map(([a]) => a).sort()).toEqual(table);
  });

  it(`sends all ${cases.length} and ocpp-rpc's strict mode accepts every CALL and answer`, async () => {
    const cs = await startCentral16();
    const problems = centralFrameProblems(cs);
    const { client, failures } = await connectClient(cs.url);
    const received: RpcCallInfo[] = [];
    for (const [action, , , answer] of cases)
      client.handle(action, (call) => {
        received.push(call);
        return answer;
      });
    for (const [action, sent, , answer] of cases)
      expect(await cs.call('CP1', action as never, sent as never), action).toEqual(answer);
    expect(failures).toEqual([]);
    expect(problems()).toEqual({ problems: [], checked: 19 });
    expect(received.map((c) => [c.method, c.params])).toEqual(
      cases.map(([action, , wire]) => [action, wire]),
    );
  });

  it('rejects an answer the 1.6 table refuses (the central system validates it too)', async () => {
    const cs = await startCentral16();
    const { client } = await connectClient(cs.url, { strictMode: false });
    client.handle('TriggerMessage', () => ({ status: 'Done' }));
    await expect(
      cs.call('CP1', 'TriggerMessage', { requestedMessage: 'Heartbeat' }),
    ).rejects.toThrow(/status/);
  });

  it('refuses a 1.6-only operation on a 1.5 session, sending nothing', async () => {
    const cs = await startCentral16();
    const { client } = await connectClient(cs.url, { protocols: ['ocpp1.5'], strictMode: false });
    let calls = 0;
    client.handle('TriggerMessage', () => {
      calls++;
      return { status: 'Accepted' };
    });
    const sent: string[] = [];
    cs.events$.subscribe((e) => {
      if (e.type === 'frame' && e.direction === 'tx') sent.push(e.text);
    });
    await expect(
      cs.call('CP1', 'TriggerMessage', { requestedMessage: 'Heartbeat' }),
    ).rejects.toBeInstanceOf(TypeError);
    expect([calls, sent]).toEqual([0, []]);
  });
});
