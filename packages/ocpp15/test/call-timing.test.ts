import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { OcppCallError, OcppClosedError, OcppTimeoutError } from '@evse/ocppj';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CALL_TIMING_CHANNEL, type CallTiming } from '../src/index.js';
import { createRpcEndpoint } from '../src/wire/rpc.js';
import { connect, reader, startServer } from './support/ws-helpers.js';

/** Every CallTiming published while the test runs. */
function listen(): CallTiming[] {
  const seen: CallTiming[] = [];
  const fn = (message: unknown): void => {
    seen.push(message as CallTiming);
  };
  subscribe(CALL_TIMING_CHANNEL, fn);
  onTestFinished(() => {
    unsubscribe(CALL_TIMING_CHANNEL, fn);
  });
  return seen;
}

async function setup(callTimeoutMs = 30_000) {
  const server = await startServer();
  onTestFinished(() => server.close());
  const client = await connect(server.url);
  onTestFinished(() => client.terminate());
  const peerSocket = await server.nextConnection();
  const endpoint = createRpcEndpoint(client, { role: 'chargePoint', callTimeoutMs });
  return { endpoint, peerSocket, peer: reader(peerSocket) };
}

describe('CALL timing on the diagnostics channel', () => {
  it('publishes the round trip of an answered CALL, no shorter than the peer held it', async () => {
    const seen = listen();
    const { endpoint, peerSocket, peer } = await setup();
    const result = endpoint.call('Heartbeat', {});
    const [, id] = (await peer.nextJson()) as [number, string];
    const held = performance.now();
    await new Promise((r) => setTimeout(r, 30)); // the peer answers 30 ms later
    peerSocket.send(JSON.stringify([3, id, { currentTime: '2026-01-01T00:00:00Z' }]));
    await result;
    const waited = performance.now() - held;
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ action: 'Heartbeat', outcome: 'result' });
    expect(seen[0]?.ms).toBeGreaterThanOrEqual(29);
    expect(seen[0]?.ms).toBeLessThan(waited + 1000);
  });

  it('reports CALLERROR, timeout and close as their own outcomes', async () => {
    const seen = listen();
    const { endpoint, peerSocket, peer } = await setup(200);
    const refused = endpoint.call('Authorize', { idTag: 'TAG1' });
    const [, id] = (await peer.nextJson()) as [number, string];
    peerSocket.send(JSON.stringify([4, id, 'InternalError', 'no', {}]));
    await expect(refused).rejects.toBeInstanceOf(OcppCallError);
    const late = endpoint.call('Heartbeat', {});
    await peer.nextJson(); // never answered: times out after 200 ms
    await expect(late).rejects.toBeInstanceOf(OcppTimeoutError);
    const cut = endpoint.call('Heartbeat', {});
    await peer.nextJson();
    endpoint.close();
    await expect(cut).rejects.toBeInstanceOf(OcppClosedError);
    expect(seen.map((t) => [t.action, t.outcome])).toEqual([
      ['Authorize', 'error'],
      ['Heartbeat', 'timeout'],
      ['Heartbeat', 'closed'],
    ]);
    expect(seen[1]?.ms).toBeGreaterThanOrEqual(199);
  });

  it('publishes nothing for a CALL that never went on the wire', async () => {
    const seen = listen();
    const { endpoint } = await setup();
    await expect(endpoint.call('Authorize', { idTag: 'x'.repeat(21) })).rejects.toBeInstanceOf(
      TypeError,
    );
    expect(seen).toEqual([]);
  });
});
