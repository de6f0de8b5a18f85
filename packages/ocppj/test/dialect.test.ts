/**
 * The RPC endpoint is generic over its dialect: two endpoints speaking the made-up
 * `test0.1` dialect over a real WebSocket pair on 127.0.0.1 call each other, validate with
 * that dialect's table (a decimal with multipleOf included), and refuse what the table says
 * the other side sends or does not know.
 */
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import {
  createRpcEndpoint,
  isActionOf,
  isSentBy,
  OcppCallError,
  type RpcEndpoint,
  type RpcEvent,
} from '../src/index.js';
import { TEST_DIALECT, type TestDialect } from './support/dialect.js';

/** A connected pair: the charge point's endpoint and the central system's. */
async function pair(): Promise<{ cp: RpcEndpoint<TestDialect>; cs: RpcEndpoint<TestDialect> }> {
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (offered) =>
      offered.has(TEST_DIALECT.subprotocol) ? TEST_DIALECT.subprotocol : false,
  });
  onTestFinished(() => new Promise<void>((resolve) => wss.close(() => resolve())));
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/X`, [
    TEST_DIALECT.subprotocol,
  ]);
  await new Promise((resolve) => client.once('open', resolve));
  const server = await accepted;
  onTestFinished(() => {
    client.terminate();
    server.terminate();
  });
  return {
    cp: createRpcEndpoint(client, TEST_DIALECT, { role: 'chargePoint' }),
    cs: createRpcEndpoint(server, TEST_DIALECT, { role: 'centralSystem' }),
  };
}

describe('a dialect', () => {
  it('knows its actions and who sends them', () => {
    expect(TEST_DIALECT.subprotocol).toBe('test0.1');
    expect(isActionOf(TEST_DIALECT, 'SetLimit')).toBe(true);
    expect(isActionOf(TEST_DIALECT, 'BootNotification')).toBe(false);
    expect(isActionOf(TEST_DIALECT, 'toString')).toBe(false);
    expect(isSentBy(TEST_DIALECT, 'Hello', 'chargePoint')).toBe(true);
    expect(isSentBy(TEST_DIALECT, 'Hello', 'centralSystem')).toBe(true);
    expect(isSentBy(TEST_DIALECT, 'SetLimit', 'chargePoint')).toBe(false);
    expect(isSentBy(TEST_DIALECT, 'Nope', 'chargePoint')).toBe(false);
  });
});

describe('the RPC endpoint over a dialect', () => {
  it('calls both ways with payloads typed and validated by the dialect table', async () => {
    const { cp, cs } = await pair();
    cs.handle('Heartbeat', () => ({ currentTime: '2026-12-07T15:00:00Z' }));
    cs.handle('Hello', (req) => ({ greeting: `hello ${req.name}` }));
    cp.handle('SetLimit', (req) => ({ status: req.limit >= 6 ? 'Accepted' : 'Rejected' }));
    cp.handle('Hello', (req) => ({ greeting: `hi ${req.name}` }));

    expect(await cp.call('Heartbeat', {})).toEqual({ currentTime: '2026-12-07T15:00:00Z' });
    expect(await cp.call('Hello', { name: 'cp' })).toEqual({ greeting: 'hello cp' });
    expect(await cs.call('Hello', { name: 'cs' })).toEqual({ greeting: 'hi cs' });
    expect(await cs.call('SetLimit', { limit: 10.3 })).toEqual({ status: 'Accepted' });
    expect(await cs.call('SetLimit', { limit: 4.5, connectorId: 1 })).toEqual({
      status: 'Rejected',
    });
  });

  it('refuses to send what the dialect gives the other side, or a payload off its spec', async () => {
    const { cp } = await pair();
    await expect(cp.call('SetLimit', { limit: 10 })).rejects.toThrow(
      'action: SetLimit is not sent by the chargePoint',
    );
    await expect(cp.call('Hello', { name: 'much too long a name' })).rejects.toThrow(
      /payload: invalid Hello.req: "name" must be at most 10 characters/,
    );
    expect(() => cp.handle('Heartbeat', () => ({ currentTime: 'x' }))).toThrow(
      'action: Heartbeat is not sent by the centralSystem',
    );
  });

  it('answers a CALL off the table with CALLERRORs, judged by the dialect', async () => {
    const { cp, cs } = await pair();
    cp.handle('SetLimit', () => ({ status: 'Accepted' }));
    const events: RpcEvent[] = [];
    cp.events$.subscribe((e) => events.push(e));
    // 6.05 is not a multiple of 0.1: PropertyConstraintViolation, not dispatched.
    const bad = await cs
      .call('SetLimit', { limit: 6.05 }, { skipValidation: true })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(OcppCallError);
    expect((bad as OcppCallError).code).toBe('PropertyConstraintViolation');
    expect((bad as OcppCallError).message).toBe('"limit" must be a multiple of 0.1, got 6.05');
    // The table says Heartbeat goes CP→CS only: the central system cannot even send one.
    const wrongWay = await (cs as unknown as RpcEndpoint)
      .call('Heartbeat', {}, { skipValidation: true })
      .catch((e: unknown) => e);
    expect(wrongWay).toBeInstanceOf(TypeError);
    expect(events.filter((e) => e.type === 'callErrorSent').map((e) => e.type)).toEqual([
      'callErrorSent',
    ]);
  });
});
