// Interop: the third-party npm client `ocpp-rpc` (2.2.1, RPCClient, subprotocol ocpp1.5,
// strictMode off — it ships no 1.5 schemas) as a charge point against our central system.
// Every frame the CS writes is checked against the fixture schemas, and each assertion is what
// ocpp-rpc itself reports (results, RPCError classes/codes, close codes), compared with what
// STEVE.md says SteVe does.
import { once } from 'node:events';
import { OcppCallError } from '@evse/ocppj';
import { createRPCError, createValidator, UnexpectedHttpResponse } from 'ocpp-rpc';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { type CentralSystem, createCentralSystem } from '../../src/central/central-system.js';
import type { CentralSystemOptions } from '../../src/central/options.js';
import { loadBundle } from '../fixtures/ocpp15/index.js';
import { recordFrames } from '../support/chain.js';
import { schemaErrors as schemaErrorsFor } from '../support/oracle.js';
import { newRpcClient } from '../support/rpc-types.js';

let frames: ReturnType<typeof recordFrames> | undefined;
afterEach(() => {
  frames = undefined;
});

// SteVe writes dates as Joda DateTime.toString(): millis + the JVM offset (STEVE.md §1.7).
const STEVE_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d)$/;
const now = () => new Date().toISOString();

/** Our CS plus a list of every frame it wrote that the schema oracle rejects. */
async function startCs(options: CentralSystemOptions = {}): Promise<CentralSystem> {
  const cs = await createCentralSystem({
    allow: ['CP1'],
    tags: { TAG1: 'Accepted', BLOCKED1: 'Blocked' },
    heartbeatIntervalSec: 60,
    ...options,
  });
  frames = recordFrames(cs);
  onTestFinished(() => cs.close());
  return cs;
}

/** Outgoing CS frames the oracle rejects (CALLs to the CP and CALLRESULTs to its CALLs). */
function csFrameProblems(cs: CentralSystem): () => string[] {
  const problems: string[] = [];
  const cpCalls = new Map<string, string>();
  cs.events$.subscribe((e) => {
    if (e.type !== 'frame') return;
    const msg = JSON.parse(e.text) as unknown[];
    if (e.direction === 'rx' && msg[0] === 2) cpCalls.set(String(msg[1]), String(msg[2]));
    if (e.direction === 'tx' && msg[0] === 3) {
      const action = cpCalls.get(String(msg[1])) ?? '?';
      problems.push(...schemaErrorsFor(action, 'conf', msg[2]));
    }
    if (e.direction === 'tx' && msg[0] === 2)
      problems.push(...schemaErrorsFor(String(msg[2]), 'req', msg[3]));
  });
  return () => problems;
}

async function connect(cs: CentralSystem, extra: Record<string, unknown> = {}) {
  const client = newRpcClient({
    endpoint: cs.url,
    identity: 'CP1',
    protocols: ['ocpp1.5'],
    strictMode: false,
    reconnect: false,
    ...extra,
  });
  onTestFinished(async () => {
    await client.close({ force: true });
  });
  await client.connect();
  return client;
}

describe('ocpp-rpc RPCClient → our central system', () => {
  it('runs a full 1.5 session: boot, heartbeat, status, authorize, start, meter values, stop', async () => {
    const cs = await startCs({ utcOffsetMinutes: 120 });
    const csProblems = csFrameProblems(cs);
    const client = await connect(cs);
    // ocpp-rpc negotiated exactly the one subprotocol we serve (STEVE.md §1.2).
    expect(client.protocol).toBe('ocpp1.5');

    const boot = await client.call('BootNotification', {
      chargePointVendor: 'OpenEVSE',
      chargePointModel: 'v8',
      chargePointSerialNumber: 'SN-1',
      firmwareVersion: '8.2.3',
    });
    expect(boot).toEqual({
      status: 'Accepted',
      heartbeatInterval: 60,
      currentTime: expect.stringMatching(STEVE_DATE),
    });
    // written with the configured +02:00 offset, as SteVe writes its JVM zone (STEVE.md §1.7)
    expect(boot.currentTime).toMatch(/\+02:00$/);
    expect(Math.abs(Date.parse(boot.currentTime) - Date.now())).toBeLessThan(5000);

    const hb = await client.call('Heartbeat', {});
    expect(hb.currentTime).toMatch(STEVE_DATE);

    for (const connectorId of [0, 1])
      expect(
        await client.call('StatusNotification', {
          connectorId,
          status: 'Available',
          errorCode: 'NoError',
          timestamp: now(),
        }),
      ).toEqual({});

    const auth = await client.call('Authorize', { idTag: 'TAG1' });
    expect(auth.idTagInfo.status).toBe('Accepted');
    expect(auth.idTagInfo.expiryDate).toMatch(STEVE_DATE); // now + 1 h (STEVE.md §1.8)
    expect((await client.call('Authorize', { idTag: 'NOPE' })).idTagInfo).toEqual({
      status: 'Invalid',
    });

    await client.call('StatusNotification', {
      connectorId: 1,
      status: 'Occupied',
      errorCode: 'NoError',
      timestamp: now(),
    });
    const start = await client.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG1',
      timestamp: now(),
      meterStart: 1000,
    });
    expect(start.transactionId).toBe(1);
    expect(start.idTagInfo.status).toBe('Accepted');

    expect(
      await client.call('MeterValues', {
        connectorId: 1,
        transactionId: start.transactionId,
        values: [
          {
            timestamp: now(),
            value: [
              { value: '1500', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
              { value: '16', measurand: 'Current.Import', unit: 'Amp' },
            ],
          },
        ],
      }),
    ).toEqual({});

    const stop = await client.call('StopTransaction', {
      transactionId: start.transactionId,
      idTag: 'TAG1',
      timestamp: now(),
      meterStop: 3500,
      transactionData: [{ values: [{ timestamp: now(), value: [{ value: '3500', unit: 'Wh' }] }] }],
    });
    expect(stop.idTagInfo?.status).toBe('Accepted');

    // What the CS recorded from the third-party client.
    expect(cs.totals('CP1')).toMatchObject({
      transactions: 1,
      stoppedTransactions: 1,
      energyWh: 2500,
    });
    expect(cs.stations()[0]?.connectors[1]?.status).toBe('Occupied');
    // "Amp" is stored as "A" (STEVE.md §1.8)
    expect(cs.meterValues({ transactionId: 1 }).map((m) => [m.value, m.unit, m.source])).toEqual([
      ['1500', 'Wh', 'MeterValues'],
      ['16', 'A', 'MeterValues'],
      ['3500', 'Wh', 'StopTransaction'],
    ]);
    expect(frames?.errors).toEqual([]);
    expect(csProblems()).toEqual([]);
  });

  it('answers CS→CP operations fired through the operator API (RemoteStart, Reset, GetConfiguration, …)', async () => {
    const cs = await startCs();
    const csProblems = csFrameProblems(cs);
    const client = await connect(cs);
    const seen: { method: string; params: unknown; messageId: string }[] = [];
    client.handle(({ method, params, messageId }) => {
      seen.push({ method, params, messageId });
      switch (method) {
        case 'RemoteStartTransaction':
        case 'RemoteStopTransaction':
        case 'Reset':
        case 'ChangeConfiguration':
        case 'ChangeAvailability':
          return { status: 'Accepted' };
        case 'GetConfiguration':
          return {
            configurationKey: [{ key: 'HeartBeatInterval', readonly: false, value: '60' }],
            unknownKey: [],
          };
        case 'GetLocalListVersion':
          return { listVersion: 3 };
        default:
          return { status: 'Rejected' };
      }
    });
    await client.call('BootNotification', {
      chargePointVendor: 'OpenEVSE',
      chargePointModel: 'v8',
    });

    expect(
      await cs.call('CP1', 'RemoteStartTransaction', { idTag: 'TAG1', connectorId: 1 }),
    ).toEqual({
      status: 'Accepted',
    });
    expect(await cs.call('CP1', 'RemoteStopTransaction', { transactionId: 9 })).toEqual({
      status: 'Accepted',
    });
    expect(await cs.call('CP1', 'Reset', { type: 'Soft' })).toEqual({ status: 'Accepted' });
    expect(
      await cs.call('CP1', 'ChangeConfiguration', { key: 'HeartBeatInterval', value: '30' }),
    ).toEqual({ status: 'Accepted' });
    const config = await cs.call('CP1', 'GetConfiguration', {});
    expect(config.configurationKey?.[0]?.value).toBe('60');
    expect(await cs.call('CP1', 'GetLocalListVersion', {})).toEqual({ listVersion: 3 });
    // SteVe does not serialise its own CALLs (STEVE.md §1.6): two in flight at once;
    // ocpp-rpc answers both.
    const both = await Promise.all([
      cs.call('CP1', 'ChangeAvailability', { connectorId: 0, type: 'Inoperative' }),
      cs.call('CP1', 'ClearCache', {}),
    ]);
    expect(both).toEqual([{ status: 'Accepted' }, { status: 'Rejected' }]);

    // What the third-party client received: SteVe's shapes, UUID message ids (STEVE.md §1.6).
    expect(seen.map((s) => s.method)).toEqual([
      'RemoteStartTransaction',
      'RemoteStopTransaction',
      'Reset',
      'ChangeConfiguration',
      'GetConfiguration',
      'GetLocalListVersion',
      'ChangeAvailability',
      'ClearCache',
    ]);
    expect(seen[0]?.params).toEqual({ idTag: 'TAG1', connectorId: 1 });
    expect(seen[4]?.params).toEqual({ key: [] }); // "all keys" arrives as an empty list
    for (const s of seen) expect(s.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(frames?.errors).toEqual([]);
    expect(csProblems()).toEqual([]);
  });

  it("passes ocpp-rpc's own strict mode with the 1.5 bundle of the fixtures (its ajv 8.14, both directions)", async () => {
    const bundle = loadBundle();
    const cs = await startCs({ utcOffsetMinutes: -300 });
    const client = await connect(cs, {
      strictMode: true,
      strictModeValidators: [createValidator('ocpp1.5', bundle)],
    });
    const failures: unknown[] = [];
    client.on('strictValidationFailure', (e: unknown) => failures.push(e));
    client.handle('GetConfiguration', () => ({ configurationKey: [], unknownKey: [] }));
    client.handle('RemoteStartTransaction', () => ({ status: 'Accepted' }));
    await client.call('BootNotification', {
      chargePointVendor: 'OpenEVSE',
      chargePointModel: 'v8',
    });
    await client.call('Heartbeat', {});
    const start = await client.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG1',
      timestamp: now(),
      meterStart: 0,
    });
    await client.call('StopTransaction', {
      transactionId: start.transactionId,
      idTag: 'TAG1',
      timestamp: now(),
      meterStop: 10,
    });
    expect(await cs.call('CP1', 'GetConfiguration', {})).toEqual({
      configurationKey: [],
      unknownKey: [],
    });
    expect(await cs.call('CP1', 'RemoteStartTransaction', { idTag: 'TAG1' })).toEqual({
      status: 'Accepted',
    });
    // and strict ocpp-rpc refuses a bad CALL of its own before it reaches us
    expect(failures).toEqual([]); // nothing we sent or answered failed its validation
    await expect(client.call('Authorize', { idTag: 'x'.repeat(21) })).rejects.toMatchObject({
      rpcErrorCode: 'FormatViolation',
    });
    expect(failures).toEqual([expect.objectContaining({ method: 'Authorize', outbound: true })]);
    expect(frames?.of('Authorize')).toEqual([]); // never reached the wire
  });

  it('reports our CALLERRORs with SteVe codes as ocpp-rpc RPCError classes', async () => {
    const cs = await startCs();
    const client = await connect(cs);
    const fail = (method: string, params: unknown) =>
      client.call(method, params).then(
        () => {
          throw new Error(`${method} was accepted`);
        },
        (e: {
          rpcErrorCode: string;
          message: string;
          details: unknown;
          constructor: { name: string };
        }) => ({
          cls: e.constructor.name,
          code: e.rpcErrorCode,
          message: e.message,
          details: e.details,
        }),
      );
    // unknown enum literal → ≥3.11 PropertyConstraintViolation (STEVE.md §1.5)
    expect(
      await fail('StatusNotification', {
        connectorId: 1,
        status: 'AVAILABLE',
        errorCode: 'NoError',
      }),
    ).toEqual({
      cls: 'RPCPropertyConstraintViolationError',
      code: 'PropertyConstraintViolation',
      message: 'Message validation failed',
      details: { errorMsg: 'Invalid payload value (cannot understand one field)' },
    });
    // required field missing / over-long idTag → "Violation of field constraints"
    expect(await fail('Authorize', { idTag: 'x'.repeat(21) })).toMatchObject({
      code: 'PropertyConstraintViolation',
      details: { errorMsg: 'Violation of field constraints' },
    });
    expect(await fail('BootNotification', { chargePointVendor: 'OpenEVSE' })).toMatchObject({
      code: 'PropertyConstraintViolation',
      details: { errorMsg: 'Violation of field constraints' },
    });
    // a 1.6-only action on an ocpp1.5 session → NotImplemented
    expect(await fail('SecurityEventNotification', { type: 'x', timestamp: now() })).toMatchObject({
      cls: 'RPCNotImplementedError',
      code: 'NotImplemented',
    });
    expect((await fail('FooBar', {})).message).toMatch(
      /The action 'FooBar' you are looking for is not found/,
    );
    // CP-initiated DataTransfer is answered (not an error): Rejected since 3.13 (STEVE.md §1.8)
    expect(await client.call('DataTransfer', { vendorId: 'x' })).toEqual({ status: 'Rejected' });
    // The session survives all of these.
    expect((await client.call('Heartbeat', {})).currentTime).toBeTypeOf('string');
  });

  it('unhandled CS CALLs get ocpp-rpc NotImplemented; the operator sees OcppCallError', async () => {
    const cs = await startCs();
    const client = await connect(cs);
    await client.call('BootNotification', {
      chargePointVendor: 'OpenEVSE',
      chargePointModel: 'v8',
    });
    const error = await cs
      .call('CP1', 'UnlockConnector', { connectorId: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OcppCallError);
    expect(error).toMatchObject({ code: 'NotImplemented', fromPeer: true });
    // NotImplemented is in SteVe's enum, so the session stays open (STEVE.md §1.5)
    expect(client.state).toBe(1);
    expect(cs.connections()).toHaveLength(1);
  });

  it('a 2.0.1 error code from ocpp-rpc makes our CS close with 1011, as SteVe does', async () => {
    const cs = await startCs();
    const client = await connect(cs);
    // a plain throw → ocpp-rpc answers GenericError: in SteVe's enum, the session stays
    client.handle('ClearCache', () => {
      throw new Error('nope');
    });
    await expect(cs.call('CP1', 'ClearCache', {})).rejects.toMatchObject({
      code: 'GenericError',
      message: 'nope',
    });
    expect(client.state).toBe(1);
    // ocpp-rpc passes 2.0.1's FormatViolation through unchanged on ocpp1.5 (it only renames it
    // for ocpp1.6); SteVe's enum has no such code → socket closed 1011 (STEVE.md §1.5, §4).
    client.handle('Reset', () => {
      throw createRPCError('FormatViolation', 'bad');
    });
    const rx: string[] = [];
    cs.events$.subscribe((e) => {
      if (e.type === 'frame' && e.direction === 'rx') rx.push(e.text);
    });
    const closed = once(client, 'close');
    const error = await cs.call('CP1', 'Reset', { type: 'Hard' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const [{ code }] = (await closed) as [{ code: number }];
    expect(code).toBe(1011);
    expect(JSON.parse(rx.at(-1) ?? '[]')).toEqual([
      4,
      expect.any(String),
      'FormatViolation',
      'bad',
      {},
    ]);
  });

  it('a late answer (after the CS call timeout) closes the session with 1011', async () => {
    const cs = await startCs({ callTimeoutMs: 150 });
    const client = await connect(cs);
    client.handle('ClearCache', async () => {
      await new Promise((r) => setTimeout(r, 300));
      return { status: 'Accepted' };
    });
    const closed = once(client, 'close');
    await expect(cs.call('CP1', 'ClearCache', {})).rejects.toMatchObject({
      name: 'OcppTimeoutError',
    });
    const [{ code }] = (await closed) as [{ code: number }];
    expect(code).toBe(1011);
  });

  it('raw garbage from ocpp-rpc (sendRaw) closes the socket with 1011, no CALLERROR', async () => {
    const cs = await startCs();
    const client = await connect(cs);
    const received: string[] = [];
    client.on('message', ({ message, outbound }: { message: string; outbound: boolean }) => {
      if (!outbound) received.push(String(message));
    });
    const closed = once(client, 'close');
    client.sendRaw('{"not":"an array"}');
    const [{ code }] = (await closed) as [{ code: number }];
    expect(code).toBe(1011);
    expect(received).toEqual([]);
  });

  it("keeps the session through ocpp-rpc's own WebSocket pings", async () => {
    const cs = await startCs();
    const client = await connect(cs, { pingIntervalMs: 40 });
    let pings = 0;
    client.on('ping', () => pings++);
    await new Promise((r) => setTimeout(r, 250));
    expect(pings).toBeGreaterThanOrEqual(3);
    expect(client.state).toBe(1);
  });

  it('ids are matched case-insensitively, query strings ignored, pipelined CALLs all answered', async () => {
    const cs = await startCs();
    const client = await connect(cs, {
      identity: 'cp1',
      query: { vendor: 'x' },
      callConcurrency: 8,
    });
    // SteVe uses its DB spelling after the handshake (STEVE.md §1.1)
    expect(cs.connections()[0]?.chargeBoxId).toBe('CP1');
    // ocpp-rpc with callConcurrency 8 does not wait for answers; SteVe answers each CALL
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? client.call('Heartbeat', {})
          : client.call('StatusNotification', {
              connectorId: 1,
              status: 'Available',
              errorCode: 'NoError',
              timestamp: now(),
            }),
      ),
    );
    expect(answers.filter((a) => 'currentTime' in (a as object))).toHaveLength(10);
    // semantic oddities are answered normally, never with CALLERROR (STEVE.md §1.8)
    expect(
      await client.call('StopTransaction', { transactionId: 4242, timestamp: now(), meterStop: 1 }),
    ).toEqual({});
    expect(
      await client.call('MeterValues', {
        connectorId: 1,
        transactionId: 0,
        values: [{ timestamp: now(), value: [{ value: '1' }] }],
      }),
    ).toEqual({});
    // transactionId ≤ 0 is ignored (STEVE.md §1.8): the value is kept without a transaction
    expect(cs.meterValues().map((m) => [m.value, m.transactionId])).toEqual([['1', null]]);
    expect(frames?.errors).toEqual([]);
  });

  it('handshake refusals reach ocpp-rpc as UnexpectedHttpResponse with SteVe statuses', async () => {
    const cs = await startCs({ passwords: { CP2: 'secret' }, allow: ['CP1', 'CP2'] });
    const attempt = async (identity: string, extra: Record<string, unknown> = {}) => {
      const client = newRpcClient({
        endpoint: cs.url,
        identity,
        protocols: ['ocpp1.5'],
        reconnect: false,
        ...extra,
      });
      onTestFinished(async () => {
        await client.close({ force: true });
      });
      return client.connect().then(
        () => 'open',
        (e: { code?: number }) =>
          `${e instanceof UnexpectedHttpResponse ? 'UnexpectedHttpResponse' : 'other'} ${String(e.code)}`,
      );
    };
    expect(await attempt('UNKNOWN')).toBe('UnexpectedHttpResponse 404'); // ≥3.6.0
    expect(await attempt('CP1', { protocols: ['ocpp1.6'] })).toBe('UnexpectedHttpResponse 404');
    expect(await attempt('CP1', { protocols: [] })).toBe('UnexpectedHttpResponse 400');
    expect(await attempt('CP2')).toBe('UnexpectedHttpResponse 401');
    expect(await attempt('CP2', { password: 'wrong' })).toBe('UnexpectedHttpResponse 401');
    expect(await attempt('CP2', { password: 'secret' })).toBe('open');
    // a list that offers 1.6 first still gets 1.5: the first one SteVe(-like) serves
    expect(await attempt('CP1', { protocols: ['ocpp1.6', 'ocpp1.5'] })).toBe('open');
  });
});
