/**
 * Every CS→CP operation of OCPP 1.6J but RemoteStartTransaction (which begins a session), with the answer a fresh
 * charge point (connector 1 Available, no transaction, empty local list) must give; shared by
 * the in-process test and the `evse bridge` test, so both put the same questions to the strict
 * central system (issue 15: "all 1.6 CS→CP operations answered with schema-valid results").
 * Schema validity is checked by that central system's strict mode, not here.
 */
import { expect } from 'vitest';

type Call = (action: string, params: object) => Promise<Record<string, unknown>>;

/** `[action, request, expected part of the answer]`, in the order they are sent. */
function csOperations16(): [string, object, object][] {
  return [
    [
      'ChangeConfiguration',
      { key: 'MeterValueSampleInterval', value: '5' },
      { status: 'Accepted' },
    ],
    ['ChangeConfiguration', { key: 'NumberOfConnectors', value: '2' }, { status: 'Rejected' }],
    ['ChangeConfiguration', { key: 'BlinkRepeat', value: '2' }, { status: 'NotSupported' }],
    [
      'ChangeConfiguration',
      { key: 'AuthorizationKey', value: 'a'.repeat(16) },
      { status: 'Accepted' },
    ],
    ['GetLocalListVersion', {}, { listVersion: 0 }],
    [
      'SendLocalList',
      {
        listVersion: 3,
        updateType: 'Full',
        localAuthorizationList: [{ idTag: 'TAG9', idTagInfo: { status: 'Accepted' } }],
      },
      { status: 'Accepted' },
    ],
    ['GetLocalListVersion', {}, { listVersion: 3 }],
    ['ClearCache', {}, { status: 'Accepted' }],
    ['DataTransfer', { vendorId: 'acme' }, { status: 'UnknownVendorId' }],
    [
      'ReserveNow',
      {
        connectorId: 1,
        expiryDate: new Date(Date.now() + 60_000).toISOString(),
        idTag: 'TAG1',
        reservationId: 4,
      },
      { status: 'Accepted' },
    ],
    ['CancelReservation', { reservationId: 4 }, { status: 'Accepted' }],
    ['CancelReservation', { reservationId: 4 }, { status: 'Rejected' }],
    ['ChangeAvailability', { connectorId: 1, type: 'Inoperative' }, { status: 'Accepted' }],
    ['ChangeAvailability', { connectorId: 1, type: 'Operative' }, { status: 'Accepted' }],
    ['UnlockConnector', { connectorId: 1 }, { status: 'Unlocked' }],
    ['RemoteStopTransaction', { transactionId: 5 }, { status: 'Rejected' }],
    [
      'SetChargingProfile',
      {
        connectorId: 1,
        csChargingProfiles: {
          chargingProfileId: 1,
          stackLevel: 0,
          chargingProfilePurpose: 'TxProfile',
          chargingProfileKind: 'Relative',
          chargingSchedule: {
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 8 }],
          },
        },
      },
      { status: 'Rejected' },
    ],
    ['ClearChargingProfile', { id: 77 }, { status: 'Unknown' }],
    [
      'GetCompositeSchedule',
      { connectorId: 1, duration: 600 },
      { status: 'Accepted', connectorId: 1 },
    ],
    ['GetCompositeSchedule', { connectorId: 2, duration: 600 }, { status: 'Rejected' }],
    ['TriggerMessage', { requestedMessage: 'Heartbeat' }, { status: 'Accepted' }],
    ['GetDiagnostics', { location: 'ftp://127.0.0.1:1/x' }, {}],
    [
      'UpdateFirmware',
      {
        location: 'ftp://127.0.0.1:1/fw.bin',
        retrieveDate: new Date(Date.now() + 3_600_000).toISOString(),
      },
      {},
    ],
  ];
}

/** Sends every operation of {@link csOperations16}, then GetConfiguration, and checks the answers. */
export async function expectCsOperations16(call: Call): Promise<void> {
  for (const [action, params, expected] of csOperations16())
    expect({ action, answer: await call(action, params) }).toMatchObject({
      action,
      answer: expected,
    });
  const conf = await call('GetConfiguration', {
    key: ['AuthorizationKey', 'HeartbeatInterval', 'Nope'],
  });
  expect(conf).toEqual({
    configurationKey: [
      { key: 'AuthorizationKey', readonly: false },
      { key: 'HeartbeatInterval', readonly: false, value: '120' }, // BootNotification.conf's interval
    ],
    unknownKey: ['Nope'],
  });
  const all = await call('GetConfiguration', {});
  expect((all['configurationKey'] as unknown[]).length).toBeGreaterThan(30);
}
