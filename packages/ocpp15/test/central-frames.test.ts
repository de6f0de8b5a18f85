import { describe, expect, it } from 'vitest';
import {
  centralSystemTests,
  PCV_CONSTRAINTS,
  PCV_UNDERSTAND,
  rawStation,
  type TestCs,
} from './support/cs-helpers.js';

const { startCs } = centralSystemTests();
let current: TestCs | undefined;

const NOT_FOUND = (action: string) => [
  'NotImplemented',
  `The action '${action}' you are looking for is not found`,
  {},
];
const BAD_ID = ['FormationViolation', 'The messageId of CALL must be a non-empty string', {}];
const BOOT = { chargePointVendor: 'OpenEVSE', chargePointModel: 'v8' };
const TS = '2026-01-01T00:00:00.000Z';

type Expect = { reply: unknown[] } | { close: number };

// STEVE.md §1.5: what SteVe does with each bad frame a CP sends.
const table: [string, string, Expect][] = [
  ['not JSON', 'hello', { close: 1011 }],
  ['truncated JSON', '[2,"a"', { close: 1011 }],
  ['a JSON object', '{"a":1}', { close: 1011 }],
  ['a JSON string', '"[2]"', { close: 1011 }],
  ['an empty array', '[]', { close: 1011 }],
  ['message type 5', '[5,"a","Heartbeat",{}]', { close: 1011 }],
  ['message type as string', '["2","a","Heartbeat",{}]', { close: 1011 }],
  ['CALL without id', '[2]', { reply: [4, '', ...BAD_ID] }],
  ['CALL with null id', '[2,null,"Heartbeat",{}]', { reply: [4, '', ...BAD_ID] }],
  ['CALL with empty id', '[2,"","Heartbeat",{}]', { reply: [4, '', ...BAD_ID] }],
  ['CALL with numeric id', '[2,17,"Heartbeat",{}]', { reply: [4, '', ...BAD_ID] }],
  [
    'non-string action',
    '[2,"a",5,{}]',
    { reply: [4, 'a', 'GenericError', 'The action of the CALL could not be read', {}] },
  ],
  [
    'missing action',
    '[2,"a"]',
    { reply: [4, 'a', 'GenericError', 'The action of the CALL could not be read', {}] },
  ],
  [
    'unknown action',
    '[2,"a","SecurityEventNotification",{}]',
    { reply: [4, 'a', ...NOT_FOUND('SecurityEventNotification')] },
  ],
  ['wrong-case action', '[2,"a","heartbeat",{}]', { reply: [4, 'a', ...NOT_FOUND('heartbeat')] }],
  [
    'a CS→CP action sent by the CP',
    '[2,"a","Reset",{"type":"Hard"}]',
    { reply: [4, 'a', ...NOT_FOUND('Reset')] },
  ],
  ['payload is an array', '[2,"a","Heartbeat",[]]', { reply: [4, 'a', ...PCV_UNDERSTAND] }],
  ['payload is a number', '[2,"a","Heartbeat",5]', { reply: [4, 'a', ...PCV_UNDERSTAND] }],
  ['payload missing', '[2,"a","Heartbeat"]', { reply: [4, 'a', ...PCV_UNDERSTAND] }],
  [
    'payload not valid JSON',
    '[2,"a","Heartbeat",{"x":}]',
    {
      reply: [4, 'a', 'FormationViolation', 'The payload for action could not be deserialized', {}],
    },
  ],
  [
    'unknown enum literal',
    `[2,"a","StatusNotification",{"connectorId":1,"status":"Faultd","errorCode":"NoError"}]`,
    { reply: [4, 'a', ...PCV_UNDERSTAND] },
  ],
  [
    'enum in wrong case',
    `[2,"a","StatusNotification",{"connectorId":1,"status":"AVAILABLE","errorCode":"NoError"}]`,
    { reply: [4, 'a', ...PCV_UNDERSTAND] },
  ],
  [
    '1.6 status literal',
    `[2,"a","StatusNotification",{"connectorId":1,"status":"Charging","errorCode":"NoError"}]`,
    { reply: [4, 'a', ...PCV_UNDERSTAND] },
  ],
  [
    'string for an int',
    `[2,"a","StatusNotification",{"connectorId":"x","status":"Available","errorCode":"NoError"}]`,
    { reply: [4, 'a', ...PCV_UNDERSTAND] },
  ],
  [
    'int32 overflow',
    `[2,"a","StatusNotification",{"connectorId":2147483648,"status":"Available","errorCode":"NoError"}]`,
    { reply: [4, 'a', ...PCV_UNDERSTAND] },
  ],
  [
    'date-time that is no date (one without offset is read in the CS zone, central-coercion.test.ts)',
    `[2,"a","StartTransaction",{"connectorId":1,"idTag":"T","timestamp":"2026-13-01T00:00:00","meterStart":0}]`,
    { reply: [4, 'a', ...PCV_UNDERSTAND] },
  ],
  [
    'null for a required int',
    `[2,"a","StartTransaction",{"connectorId":null,"idTag":"T","timestamp":"${TS}","meterStart":0}]`,
    { reply: [4, 'a', ...PCV_UNDERSTAND] },
  ],
  [
    'null for a required string',
    `[2,"a","Authorize",{"idTag":null}]`,
    { reply: [4, 'a', ...PCV_CONSTRAINTS] },
  ],
  [
    'required field missing',
    `[2,"a","BootNotification",{"chargePointVendor":"v"}]`,
    { reply: [4, 'a', ...PCV_CONSTRAINTS] },
  ],
  [
    'idTag of 21 characters',
    `[2,"a","Authorize",{"idTag":"${'x'.repeat(21)}"}]`,
    { reply: [4, 'a', ...PCV_CONSTRAINTS] },
  ],
  [
    'idTag of 20 characters with "&" (escaped before the length check, §1.7)',
    `[2,"a","Authorize",{"idTag":"${'x'.repeat(19)}&"}]`,
    { reply: [4, 'a', ...PCV_CONSTRAINTS] },
  ],
  [
    'empty required sample list',
    `[2,"a","MeterValues",{"connectorId":1,"values":[{"timestamp":"${TS}","value":[]}]}]`,
    { reply: [4, 'a', ...PCV_CONSTRAINTS] },
  ],
  [
    'wrong type beats missing field (Jackson runs first)',
    `[2,"a","BootNotification",{"chargePointVendor":5}]`,
    { reply: [4, 'a', ...PCV_UNDERSTAND] },
  ],
  ['CALLRESULT for an unknown id', '[3,"nope",{}]', { close: 1011 }],
  ['CALLERROR for an unknown id', '[4,"nope","GenericError","",{}]', { close: 1011 }],
  ['CALLRESULT without id', '[3]', { close: 1011 }],
  ['CALLERROR with a numeric code', '[4,"nope",5,"",{}]', { close: 1011 }],
];

describe('bad frames from a CP get exactly SteVe’s reaction (STEVE.md §1.5)', () => {
  it.each(table)('%s', async (_name, text, expected) => {
    current = await startCs();
    const st = await rawStation(current.cs, 'CP-1');
    st.ws.send(text);
    if ('close' in expected) {
      expect(await st.closeCode).toBe(expected.close);
      expect(current.events).toContainEqual(
        expect.objectContaining({
          type: 'protocolError',
          close: expect.objectContaining({ code: expected.close }),
        }),
      );
    } else {
      expect(await st.r.nextJson()).toEqual(expected.reply);
      // the session survives a CALLERROR
      expect((await st.call('Heartbeat', {}))[0]).toBe(3);
    }
  });

  it('a null payload is read as {} (issue #1109)', async () => {
    current = await startCs();
    const st = await rawStation(current.cs, 'CP-1');
    const [type, id, payload] = await st.exchange('[2,"n","Heartbeat",null]');
    expect([type, id]).toEqual([3, 'n']);
    expect(payload).toHaveProperty('currentTime');
  });

  it('null for an optional field means absent; unknown properties are ignored but reported', async () => {
    current = await startCs();
    const st = await rawStation(current.cs, 'CP-1');
    expect(await st.call('BootNotification', { ...BOOT, imsi: null, vendorSpecific: 'x' })).toEqual(
      [3, expect.any(String), expect.objectContaining({ status: 'Accepted' })],
    );
    expect(current.cs.stations()[0]?.boot).toEqual(BOOT);
    expect(current.events).toContainEqual(
      expect.objectContaining({
        type: 'protocolError',
        close: null,
        event: expect.objectContaining({ type: 'unknownProperties', paths: ['vendorSpecific'] }),
      }),
    );
  });

  it('rejectUnknownProperties turns unknown properties into a CALLERROR', async () => {
    current = await startCs({ rejectUnknownProperties: true });
    const st = await rawStation(current.cs, 'CP-1');
    expect((await st.call('BootNotification', { ...BOOT, vendorSpecific: 'x' })).slice(2)).toEqual(
      PCV_CONSTRAINTS,
    );
  });

  it('a reused CALL id gets ProtocolError; another session may reuse it', async () => {
    current = await startCs();
    const a = await rawStation(current.cs, 'CP-1');
    const b = await rawStation(current.cs, 'CP-1');
    expect((await a.exchange('[2,"dup","Heartbeat",{}]'))[0]).toBe(3);
    expect(await a.exchange('[2,"dup","Heartbeat",{}]')).toEqual([
      4,
      'dup',
      'ProtocolError',
      "The messageId 'dup' was already used in this session",
      {},
    ]);
    expect((await b.exchange('[2,"dup","Heartbeat",{}]'))[0]).toBe(3);
  });

  it('deeply nested JSON neither crashes nor stalls the CS', async () => {
    current = await startCs();
    const st = await rawStation(current.cs, 'CP-1');
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    // nested inside an unknown property: ignored like any unknown property
    expect((await st.exchange(`[2,"d1","Heartbeat",{"x":${deep}}]`)).slice(0, 2)).toEqual([
      3,
      'd1',
    ]);
    // as the payload itself: not an object
    expect(await st.exchange(`[2,"d2","Heartbeat",${deep}]`)).toEqual([4, 'd2', ...PCV_UNDERSTAND]);
    expect((await st.call('Heartbeat', {}))[0]).toBe(3);
  });

  it('binary frames close the socket with 1003', async () => {
    current = await startCs();
    const st = await rawStation(current.cs, 'CP-1');
    st.ws.send(Buffer.from('[2,"a","Heartbeat",{}]'));
    expect(await st.closeCode).toBe(1003);
  });

  it('empty text frames are ignored', async () => {
    current = await startCs();
    const st = await rawStation(current.cs, 'CP-1');
    st.ws.send('');
    expect((await st.exchange('[2,"after","Heartbeat",{}]')).slice(0, 2)).toEqual([3, 'after']);
  });

  it('a message larger than maxMessageBytes closes the socket with 1009', async () => {
    current = await startCs({ maxMessageBytes: 1024 });
    const st = await rawStation(current.cs, 'CP-1');
    st.ws.send(
      JSON.stringify([2, 'big', 'DataTransfer', { vendorId: 'v', data: 'x'.repeat(2000) }]),
    );
    expect(await st.closeCode).toBe(1009);
  });

  it('a bad frame on one session does not disturb the other sessions', async () => {
    current = await startCs();
    const bad = await rawStation(current.cs, 'CP-1');
    const good = await rawStation(current.cs, 'CP-2');
    bad.ws.send('garbage');
    expect(await bad.closeCode).toBe(1011);
    expect((await good.call('Heartbeat', {}))[0]).toBe(3);
  });
});
