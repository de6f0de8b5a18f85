import type { RpcTraffic } from '@evse/ocppj';
import { OcppCallError, OcppClosedError, OcppTimeoutError } from '@evse/ocppj';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { WebSocket } from 'ws';
import type { RpcEvent } from '../src/wire/rpc.js';
import { createRpcEndpoint, type RpcEndpoint, type RpcEndpointOptions } from '../src/wire/rpc.js';
import { closed, connect, reader, startServer } from './support/ws-helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** A charge-point endpoint on a client socket; the raw server-side socket is the peer. */
async function setup(options: Partial<RpcEndpointOptions> = {}) {
  const server = await startServer();
  onTestFinished(() => server.close());
  const client = await connect(server.url);
  onTestFinished(() => client.terminate());
  const peerSocket: WebSocket = await server.nextConnection();
  const endpoint: RpcEndpoint = createRpcEndpoint(client, { role: 'chargePoint', ...options });
  const events: RpcEvent[] = [];
  const traffic: RpcTraffic[] = [];
  endpoint.events$.subscribe((e) => events.push(e));
  endpoint.traffic$.subscribe((t) => traffic.push(t));
  return { endpoint, peerSocket, peer: reader(peerSocket), client, events, traffic };
}

describe('outgoing CALLs', () => {
  it('sends [2,uuid,action,payload] and resolves with the validated conf', async () => {
    const { endpoint, peer, peerSocket, traffic } = await setup();
    const result = endpoint.call('BootNotification', {
      chargePointVendor: 'OpenEVSE',
      chargePointModel: 'v8',
    });
    const [type, id, action, payload] = await peer.nextJson();
    expect([type, action, payload]).toEqual([
      2,
      'BootNotification',
      { chargePointVendor: 'OpenEVSE', chargePointModel: 'v8' },
    ]);
    expect(id).toMatch(UUID);
    const conf = {
      status: 'Accepted',
      currentTime: '2026-01-01T10:00:00.000+02:00',
      heartbeatInterval: 60,
    };
    peerSocket.send(JSON.stringify([3, id, conf]));
    await expect(result).resolves.toEqual(conf);
    expect(traffic.map((t) => t.direction)).toEqual(['tx', 'rx']);
    expect(traffic[1]?.frame).toEqual({ type: 3, id, payload: conf });
  });

  it('keeps one CALL outstanding and uses a fresh id for each', async () => {
    const { endpoint, peer, peerSocket } = await setup();
    const results = [
      endpoint.call('Heartbeat', {}),
      endpoint.call('Heartbeat', {}),
      endpoint.call('Heartbeat', {}),
    ];
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const [, id] = (await peer.nextJson()) as [number, string];
      // nothing else was sent while this CALL is unanswered
      await new Promise((r) => setTimeout(r, 20));
      expect(peer.pending).toBe(0);
      ids.push(id);
      peerSocket.send(JSON.stringify([3, id, { currentTime: `2026-01-01T00:00:0${i}Z` }]));
    }
    expect(new Set(ids).size).toBe(3);
    expect((await Promise.all(results)).map((r) => r.currentTime)).toEqual([
      '2026-01-01T00:00:00Z',
      '2026-01-01T00:00:01Z',
      '2026-01-01T00:00:02Z',
    ]);
  });

  it('rejects with OcppCallError rebuilt from a CALLERROR', async () => {
    const { endpoint, peer, peerSocket } = await setup();
    const result = endpoint.call('Authorize', { idTag: 'TAG1' });
    const [, id] = await peer.nextJson();
    peerSocket.send(
      JSON.stringify([
        4,
        id,
        'PropertyConstraintViolation',
        'Message validation failed',
        { errorMsg: 'x' },
      ]),
    );
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OcppCallError);
    expect(error).toMatchObject({
      code: 'PropertyConstraintViolation',
      message: 'Message validation failed',
      details: { errorMsg: 'x' },
      fromPeer: true,
    });
  });

  it('an unknown CALLERROR code fails the call with GenericError and is reported', async () => {
    const { endpoint, peer, peerSocket, events } = await setup();
    const result = endpoint.call('Heartbeat', {});
    const [, id] = await peer.nextJson();
    peerSocket.send(JSON.stringify([4, id, 'RpcFrameworkError', 'x', {}]));
    await expect(result).rejects.toMatchObject({
      code: 'GenericError',
      details: { code: 'RpcFrameworkError' },
    });
    expect(events.map((e) => e.type)).toContain('unknownErrorCode');
  });

  it('an invalid CALLRESULT fails the call and is reported, never answered', async () => {
    const { endpoint, peer, peerSocket, events } = await setup();
    const result = endpoint.call('Heartbeat', {});
    const [, id] = await peer.nextJson();
    peerSocket.send(JSON.stringify([3, id, { currentTime: 'yesterday' }]));
    await expect(result).rejects.toMatchObject({ name: 'OcppCallError', fromPeer: false });
    expect(events.find((e) => e.type === 'invalidResponse')).toMatchObject({ action: 'Heartbeat' });
    // the next thing the peer sees is our next CALL, not an answer to the bad CALLRESULT
    const next = endpoint.call('Heartbeat', {});
    expect((await peer.nextJson())[0]).toBe(2);
    expect(peer.pending).toBe(0);
    peerSocket.close();
    await expect(next).rejects.toBeInstanceOf(OcppClosedError);
  });

  it('times out, moves on to the next CALL, and reports the late answer', async () => {
    const { endpoint, peer, peerSocket, events } = await setup({ callTimeoutMs: 100 });
    const first = endpoint.call('Heartbeat', {});
    const second = endpoint.call('Heartbeat', {});
    const [, id1] = await peer.nextJson();
    const error = await first.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OcppTimeoutError);
    expect(error).toMatchObject({ action: 'Heartbeat', messageId: id1, timeoutMs: 100 });
    const [, id2] = await peer.nextJson();
    expect(id2).not.toBe(id1);
    peerSocket.send(JSON.stringify([3, id1, { currentTime: '2026-01-01T00:00:00Z' }]));
    peerSocket.send(JSON.stringify([3, id2, { currentTime: '2026-01-01T00:00:01Z' }]));
    await expect(second).resolves.toEqual({ currentTime: '2026-01-01T00:00:01Z' });
    expect(events.find((e) => e.type === 'unexpectedResponse')).toMatchObject({
      late: true,
      frame: { id: id1 },
    });
  });

  it('fails the pending and every queued call with OcppClosedError when the socket closes', async () => {
    const { endpoint, peer, peerSocket } = await setup();
    const calls = [
      endpoint.call('Heartbeat', {}),
      endpoint.call('Heartbeat', {}),
      endpoint.call('Heartbeat', {}),
    ];
    await peer.nextJson();
    peerSocket.close();
    for (const c of calls) await expect(c).rejects.toBeInstanceOf(OcppClosedError);
    await expect(endpoint.call('Heartbeat', {})).rejects.toBeInstanceOf(OcppClosedError);
  });

  it('refuses invalid payloads and actions of the other side with a TypeError, sending nothing', async () => {
    const { endpoint, peer } = await setup();
    await expect(endpoint.call('Authorize', { idTag: 'x'.repeat(21) })).rejects.toThrow(
      /payload: invalid Authorize\.req: "idTag" must be at most 20/,
    );
    await expect(endpoint.call('Reset' as 'Heartbeat', {})).rejects.toThrow(
      /action: Reset is not sent by the chargePoint/,
    );
    await new Promise((r) => setTimeout(r, 30));
    expect(peer.pending).toBe(0);
  });
});

describe('incoming CALLs', () => {
  it('dispatches to the handler, also while an own CALL is outstanding', async () => {
    const { endpoint, peer, peerSocket } = await setup();
    endpoint.handle('Reset', (req) => ({ status: req.type === 'Soft' ? 'Accepted' : 'Rejected' }));
    const own = endpoint.call('Heartbeat', {});
    const [, ownId] = await peer.nextJson();
    peerSocket.send('[2,"cs-1","Reset",{"type":"Soft"}]');
    expect(await peer.nextJson()).toEqual([3, 'cs-1', { status: 'Accepted' }]);
    peerSocket.send(JSON.stringify([3, ownId, { currentTime: '2026-01-01T00:00:00Z' }]));
    await expect(own).resolves.toBeDefined();
  });

  const table: [string, string, unknown[]][] = [
    [
      'unknown action',
      '[2,"u1","FooBar",{}]',
      [4, 'u1', 'NotImplemented', 'unknown action FooBar', {}],
    ],
    [
      'an action the CP itself sends',
      '[2,"u2","Heartbeat",{}]',
      [4, 'u2', 'NotImplemented', 'unknown action Heartbeat', {}],
    ],
    [
      'known action without handler',
      '[2,"u3","ClearCache",{}]',
      [4, 'u3', 'NotSupported', 'ClearCache is not supported', {}],
    ],
    [
      'missing required field',
      '[2,"u4","Reset",{}]',
      [4, 'u4', 'OccurenceConstraintViolation', '"type" is required', {}],
    ],
    [
      'wrong type',
      '[2,"u5","UnlockConnector",{"connectorId":"1"}]',
      [4, 'u5', 'TypeConstraintViolation', '"connectorId" must be an integer, got string', {}],
    ],
    [
      'bad enum literal',
      '[2,"u6","Reset",{"type":"soft"}]',
      [4, 'u6', 'PropertyConstraintViolation', '"type" must be one of Hard, Soft; got "soft"', {}],
    ],
    [
      'unknown property',
      '[2,"u7","Reset",{"type":"Soft","x":1}]',
      [4, 'u7', 'FormationViolation', '"x" is not an allowed property', {}],
    ],
    [
      'payload not an object',
      '[2,"u8","Reset",[1]]',
      [4, 'u8', 'FormationViolation', 'the payload must be a JSON object, got an array', {}],
    ],
    [
      'action not a string',
      '[2,"u9",12,{}]',
      [4, 'u9', 'FormationViolation', 'the action must be a string', {}],
    ],
    [
      'empty id',
      '[2,"","Reset",{}]',
      [4, '', 'FormationViolation', 'the message id must be a non-empty string', {}],
    ],
  ];
  it.each(table)('%s → CALLERROR', async (_name, text, expected) => {
    const { endpoint, peer, peerSocket, events } = await setup();
    endpoint.handle('Reset', () => ({ status: 'Accepted' }));
    endpoint.handle('UnlockConnector', () => ({ status: 'Accepted' }));
    peerSocket.send(text);
    expect(await peer.nextJson()).toEqual(expected);
    expect(events.some((e) => e.type === 'callErrorSent')).toBe(true);
  });

  it('a reused id gets ProtocolError', async () => {
    const { endpoint, peer, peerSocket } = await setup();
    endpoint.handle('ClearCache', () => ({ status: 'Accepted' }));
    peerSocket.send('[2,"same","ClearCache",{}]');
    expect(await peer.nextJson()).toEqual([3, 'same', { status: 'Accepted' }]);
    peerSocket.send('[2,"same","ClearCache",{}]');
    expect(await peer.nextJson()).toEqual([
      4,
      'same',
      'ProtocolError',
      'message id same was already used',
      {},
    ]);
  });

  it('handler errors: OcppCallError is sent as is, anything else is InternalError, an invalid conf too', async () => {
    const { endpoint, peer, peerSocket, events } = await setup();
    endpoint.handle('Reset', () => {
      throw new OcppCallError('NotSupported', 'no resets here', { details: { why: 'test' } });
    });
    endpoint.handle('ClearCache', () => {
      throw new Error('boom');
    });
    endpoint.handle('UnlockConnector', () => ({ status: 'Unlocked' }) as never);
    peerSocket.send('[2,"h1","Reset",{"type":"Hard"}]');
    expect(await peer.nextJson()).toEqual([
      4,
      'h1',
      'NotSupported',
      'no resets here',
      { why: 'test' },
    ]);
    peerSocket.send('[2,"h2","ClearCache",{}]');
    expect(await peer.nextJson()).toEqual([
      4,
      'h2',
      'InternalError',
      'ClearCache could not be processed',
      {},
    ]);
    peerSocket.send('[2,"h3","UnlockConnector",{"connectorId":1}]');
    expect(await peer.nextJson()).toEqual([
      4,
      'h3',
      'InternalError',
      'UnlockConnector could not be processed',
      {},
    ]);
    expect(events.filter((e) => e.type === 'handlerError')).toHaveLength(1);
    expect(
      events.find((e) => e.type === 'callErrorSent' && e.problem.kind === 'invalidConfirmation'),
    ).toBeDefined();
  });

  it('bad frames that are not CALLs are reported and never answered', async () => {
    const { endpoint, peer, peerSocket, events } = await setup();
    endpoint.handle('ClearCache', () => ({ status: 'Accepted' }));
    for (const text of [
      'nope',
      '{}',
      '[9,"a"]',
      '[3,"unknown",{}]',
      '[4,"unknown","GenericError","",{}]',
      '[3,"",{}]',
    ])
      peerSocket.send(text);
    peerSocket.send(Buffer.from([1, 2, 3]));
    peerSocket.send('[2,"after","ClearCache",{}]');
    // the first and only answer is the one to the valid CALL
    expect(await peer.nextJson()).toEqual([3, 'after', { status: 'Accepted' }]);
    expect(peer.pending).toBe(0);
    expect(events.map((e) => e.type)).toEqual([
      'badFrame',
      'badFrame',
      'badFrame',
      'unexpectedResponse',
      'unexpectedResponse',
      'badFrame',
      'binaryFrame',
      'call',
    ]);
  });

  it('handle() refuses actions the peer does not send', async () => {
    const { endpoint } = await setup();
    expect(() => endpoint.handle('Heartbeat', () => ({ currentTime: '' }))).toThrow(TypeError);
  });

  it('refuses bad options with a TypeError naming the option', async () => {
    const { client } = await setup();
    expect(() => createRpcEndpoint(client, { role: 'server' as 'chargePoint' })).toThrow(
      /^options\.role: /,
    );
    expect(() => createRpcEndpoint(client, { role: 'chargePoint', concurrency: 0 })).toThrow(
      /^options\.concurrency: /,
    );
    expect(() => createRpcEndpoint(client, { role: 'chargePoint', callTimeoutMs: -1 })).toThrow(
      /^options\.callTimeoutMs: /,
    );
  });

  it('close() closes the socket and completes the streams', async () => {
    const { endpoint, peerSocket, client } = await setup();
    let completed = false;
    endpoint.events$.subscribe({ complete: () => (completed = true) });
    const code = closed(peerSocket);
    const ours = closed(client);
    endpoint.close(1000, 'bye');
    expect(await code).toBe(1000);
    await ours;
    expect(completed).toBe(true);
    expect(endpoint.readyState).toBe(3);
  });
});
