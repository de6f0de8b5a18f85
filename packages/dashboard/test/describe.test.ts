import { describe, expect, it } from 'vitest';
import { createOcppDescriber } from '../src/describe-ocpp.js';
import { createRapiDescriber } from '../src/describe-rapi.js';

describe('RAPI line decoding (hover text of the traffic log)', () => {
  // One describer per connection: each reply is named after the command before it.
  const cases: [dir: 'tx' | 'rx', line: string, decoded: string][] = [
    ['tx', '$GS^30', '$GS: EVSE state, elapsed s, pilot state, vflags — §2.3, §3.1, §3.2, §3.4'],
    [
      'rx',
      '$OK 03 1799 03 0540^27',
      '$OK to $GS: evseState=charging, elapsedSeconds=1799, pilotState=0x3, vflags=0x540',
    ],
    ['tx', '$SC 16 V', expect.stringMatching(/^\$SC: set current capacity.*\(amps=16, mode=V\)/)],
    ['rx', '$NK^21', '$NK: $SC refused'],
    [
      'rx',
      '$AT 03 03 32 0540',
      '$AT state change: charging, pilot C, 32 A, vflags chargingOn|evConnected|evConnectedPrev',
    ],
    ['rx', '$AB 00 8.2.3^1E', '$AB boot notification (firmware 8.2.3)'],
    ['rx', '$ST 03', '$ST state transition to charging'],
    // A reply with no command before it: nothing to decode it with.
    ['rx', '$OK 1', '$OK'],
    ['tx', '$GG', '$GG: charging current and voltage — §2.3, §4.8'],
    // Bad input is described, never thrown.
    ['rx', '$OK x y', '$OK to $GG, undecodable: $GG currentMa: "x" is not dec'],
    ['tx', '$ZZ', 'unknown command $ZZ'],
    ['rx', 'garbage', 'not a frame: a RAPI frame starts with "$"'],
  ] as never;

  it('decodes commands, replies, async frames and garbage in order', () => {
    const d = createRapiDescriber();
    for (const [dir, line, decoded] of cases) expect(d.describe(dir, line), line).toEqual(decoded);
  });
});

describe('OCPP-J message labels', () => {
  it('names results and errors after the CALL they answer, and flags invalid text', () => {
    const d = createOcppDescriber();
    expect(
      d.describe(
        '[2,"1","BootNotification",{"chargePointVendor":"OpenEVSE","chargePointModel":"v5"}]',
      ),
    ).toEqual({ action: 'BootNotification', kind: 'call', summary: 'OpenEVSE v5' });
    expect(d.describe('[2,"2","Heartbeat",{}]')).toEqual({
      action: 'Heartbeat',
      kind: 'call',
      summary: '',
    });
    expect(d.describe('[4,"2","NotImplemented","",{}]')).toEqual({
      action: 'Heartbeat',
      kind: 'error',
      summary: 'NotImplemented',
    });
    expect(d.describe('[3,"1",{"status":"Accepted","currentTime":"x","interval":300}]')).toEqual({
      action: 'BootNotification',
      kind: 'result',
      summary: 'Accepted, interval 300 s',
    });
    // Answered once: a second result for the same id is unknown.
    expect(d.describe('[3,"1",{}]')).toEqual({ action: '?', kind: 'result', summary: '' });
    const noFrame = expect.stringMatching(/^not an OCPP-J frame/);
    expect(d.describe('not json')).toEqual({ action: '?', kind: 'invalid', summary: 'not JSON' });
    expect(d.describe('{}')).toEqual({ action: '?', kind: 'invalid', summary: noFrame });
    expect(d.describe('[5,"1"]')).toEqual({ action: '?', kind: 'invalid', summary: noFrame });
    expect(d.describe('[2,"1",7,{}]')).toEqual({ action: '?', kind: 'invalid', summary: noFrame });
  });

  it('forgets the oldest unanswered calls beyond 1000', () => {
    const d = createOcppDescriber();
    for (let i = 0; i <= 1000; i++) d.describe(`[2,"${i}","Heartbeat",{}]`);
    expect(d.describe('[3,"0",{}]').action).toBe('?');
    expect(d.describe('[3,"1000",{}]').action).toBe('Heartbeat');
  });
});

describe('OCPP-J summaries: one line per message, 1.6 and 1.5 alike', () => {
  const call = (action: string, payload: unknown) =>
    createOcppDescriber().describe(JSON.stringify([2, 'id', action, payload])).summary;

  // [action, payload, summary]: the 1.6 messages that differ from 1.5 or are new, then 1.5.
  const calls: [string, unknown, string][] = [
    [
      'StatusNotification',
      { connectorId: 1, status: 'SuspendedEVSE', errorCode: 'NoError' },
      'connector 1: SuspendedEVSE (NoError)',
    ],
    [
      'StatusNotification',
      {
        connectorId: 1,
        status: 'Faulted',
        errorCode: 'GroundFailure',
        info: 'gfci',
        vendorErrorCode: '6',
      },
      'connector 1: Faulted (GroundFailure), info gfci, vendor code 6',
    ],
    [
      'SetChargingProfile',
      {
        connectorId: 1,
        csChargingProfiles: {
          chargingProfileId: 8,
          transactionId: 100,
          stackLevel: 1,
          chargingProfilePurpose: 'TxProfile',
          chargingProfileKind: 'Relative',
          chargingSchedule: {
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }],
          },
        },
      },
      'connector 1: TxProfile #8 stack 1 (Relative, tx 100): 10 A',
    ],
    [
      'SetChargingProfile',
      {
        connectorId: 0,
        csChargingProfiles: {
          chargingProfileId: 1,
          stackLevel: 0,
          chargingProfilePurpose: 'ChargePointMaxProfile',
          chargingProfileKind: 'Recurring',
          chargingSchedule: {
            chargingRateUnit: 'W',
            chargingSchedulePeriod: [
              { startPeriod: 0, limit: 11000 },
              { startPeriod: 64800, limit: 2300 },
            ],
          },
        },
      },
      'connector 0: ChargePointMaxProfile #1 stack 0 (Recurring): 11000 W from 0 s, 2300 W from 64800 s',
    ],
    ['ClearChargingProfile', { id: 8 }, '#8'],
    [
      'ClearChargingProfile',
      { connectorId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 2 },
      'connector 1, TxDefaultProfile, stack 2',
    ],
    ['ClearChargingProfile', {}, 'every profile'],
    [
      'TriggerMessage',
      { requestedMessage: 'MeterValues', connectorId: 1 },
      'MeterValues on connector 1',
    ],
    ['TriggerMessage', { requestedMessage: 'BootNotification' }, 'BootNotification'],
    [
      'GetCompositeSchedule',
      { connectorId: 1, duration: 600, chargingRateUnit: 'A' },
      'connector 1, 600 s in A',
    ],
    [
      'StartTransaction',
      { connectorId: 1, idTag: 'TAG1', meterStart: 1200, timestamp: '2026-12-07T18:00:00Z' },
      'connector 1, tag TAG1, meter 1200 Wh',
    ],
    [
      'StopTransaction',
      {
        transactionId: 100,
        idTag: 'TAG1',
        meterStop: 1450,
        timestamp: 'x',
        reason: 'EVDisconnected',
      },
      'tx 100, tag TAG1, meter 1450 Wh, reason EVDisconnected',
    ],
    [
      'MeterValues',
      {
        connectorId: 1,
        transactionId: 100,
        meterValue: [
          {
            timestamp: 'x',
            sampledValue: [
              { value: '1450', unit: 'Wh' },
              { value: '9.9', measurand: 'Current.Import', phase: 'L1', unit: 'A' },
            ],
          },
        ],
      },
      'connector 1, tx 100: Energy.Active.Import.Register 1450 Wh, Current.Import.L1 9.9 A',
    ],
    [
      'RemoteStartTransaction',
      {
        idTag: 'TAG1',
        chargingProfile: {
          chargingProfileId: 7,
          stackLevel: 0,
          chargingProfilePurpose: 'TxProfile',
          chargingProfileKind: 'Relative',
          chargingSchedule: {
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
          },
        },
      },
      'tag TAG1, with TxProfile #7 stack 0 (Relative): 16 A',
    ],
    // A long sample list is cut after six, saying how many there were.
    [
      'MeterValues',
      {
        connectorId: 1,
        meterValue: [
          {
            timestamp: 'x',
            sampledValue: [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ value: `${n}` })),
          },
        ],
      },
      `connector 1: ${[1, 2, 3, 4, 5, 6].map((n) => `Energy.Active.Import.Register ${n}`).join(', ')}, … (8 samples)`,
    ],
    // 1.5's shapes: MeterValues `values`/`value`, StopTransaction without a reason.
    [
      'MeterValues',
      { connectorId: 1, values: [{ timestamp: 'x', value: [{ value: '320', unit: 'Wh' }] }] },
      'connector 1: Energy.Active.Import.Register 320 Wh',
    ],
    ['StopTransaction', { transactionId: 3, meterStop: 500, timestamp: 'x' }, 'tx 3, meter 500 Wh'],
    [
      'StatusNotification',
      { connectorId: 1, status: 'Occupied', errorCode: 'NoError' },
      'connector 1: Occupied (NoError)',
    ],
    // Actions without a summariser: their scalar fields.
    [
      'DataTransfer',
      { vendorId: 'OpenEVSE', messageId: 'x', data: { a: 1 } },
      'vendorId OpenEVSE, messageId x',
    ],
  ];

  it.each(calls)('%s %j', (action, payload, summary) => {
    expect(call(action, payload)).toBe(summary);
  });

  it('never throws on malformed payloads: wrong types show as ?, a non-object is said to be one', () => {
    expect(call('StatusNotification', { connectorId: 1, status: { s: 1 } })).toBe(
      'connector 1: ? (?)',
    );
    expect(call('SetChargingProfile', { connectorId: 1, csChargingProfiles: 'x' })).toBe(
      'connector 1: ? #? stack ? (?): no periods',
    );
    expect(
      call('SetChargingProfile', {
        csChargingProfiles: { chargingSchedule: { chargingSchedulePeriod: [null, 3] } },
      }),
    ).toBe('connector ?: ? #? stack ? (?): ? ? from ? s, ? ? from ? s');
    expect(call('MeterValues', { connectorId: 1, meterValue: [{ sampledValue: 'x' }, 4] })).toBe(
      'connector 1: no samples',
    );
    expect(call('MeterValues', { meterValue: [{ sampledValue: [{ value: {} }] }] })).toBe(
      'connector ?: Energy.Active.Import.Register ?',
    );
    expect(call('TriggerMessage', [])).toBe('malformed: the payload is not a JSON object');
    expect(call('StopTransaction', null)).toBe('malformed: the payload is not a JSON object');
    // Action names are looked up as data, never as properties of an object.
    expect(call('constructor', { a: 1 })).toBe('a 1');
    expect(call('__proto__', {})).toBe('');
    expect(createOcppDescriber().describe('[2,"1","Heartbeat"]').summary).toBe(
      'malformed: the payload is not a JSON object',
    );
  });

  it('summarises results by the CALL they answer, and errors as code: description', () => {
    const d = createOcppDescriber();
    d.describe('[2,"a","GetCompositeSchedule",{"connectorId":1,"duration":600}]');
    expect(
      d.describe(
        JSON.stringify([
          3,
          'a',
          {
            status: 'Accepted',
            connectorId: 1,
            chargingSchedule: {
              chargingRateUnit: 'A',
              chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }],
            },
          },
        ]),
      ).summary,
    ).toBe('Accepted, 10 A');
    d.describe('[2,"boot15","BootNotification",{}]'); // 1.5 names the interval heartbeatInterval
    expect(
      d.describe('[3,"boot15",{"status":"Accepted","currentTime":"x","heartbeatInterval":60}]')
        .summary,
    ).toBe('Accepted, interval 60 s');
    d.describe('[2,"b","StartTransaction",{}]');
    expect(
      d.describe('[3,"b",{"transactionId":100,"idTagInfo":{"status":"Accepted"}}]').summary,
    ).toBe('transactionId 100, idTag Accepted');
    d.describe('[2,"c","SetChargingProfile",{}]');
    expect(d.describe('[4,"c","FormationViolation","csChargingProfiles: required",{}]')).toEqual({
      action: 'SetChargingProfile',
      kind: 'error',
      summary: 'FormationViolation: csChargingProfiles: required',
    });
    expect(d.describe('[4,"d",5]').summary).toBe('malformed: the error code is not a string');
    expect(d.describe('[3,"e","x"]').summary).toBe('malformed: the payload is not a JSON object');
  });
});
