/**
 * The central system's HTTP operator surface (`POST /api/ocpp/<chargeBoxId>/<Action>`): 1.6
 * operations reach ocpp-rpc's strict 1.6 client and its answer comes back; every failure has
 * its own status; core's HTTP policy (content type, token) is applied first.
 */
import { createRPCError } from 'ocpp-rpc';
import { describe, expect, it } from 'vitest';
import { type CentralSystem16, createOperatorHandler } from '../src/central/index.js';
import { connectClient, type RpcCallInfo, startCentral16 } from './support/central16.js';

const TOKEN = 'operator-token-1234';

async function startWithOperator(token?: string) {
  let cs: CentralSystem16 | undefined;
  cs = await startCentral16({
    httpHandler: createOperatorHandler(() => cs, {
      boundHost: '127.0.0.1',
      ...(token === undefined ? {} : { token }),
    }),
  });
  const base = cs.url.replace(/^ws/, 'http').replace(/\/steve\/.*$/, '');
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}/api/ocpp/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return [res.status, await res.json()] as const;
  };
  return { cs, base, post };
}

describe('POST /api/ocpp/<chargeBoxId>/<Action>', () => {
  it('answers with the station’s confirmation, and says why when it cannot', async () => {
    const { cs, post } = await startWithOperator();
    const { client, failures } = await connectClient(cs.url);
    const received: RpcCallInfo[] = [];
    client.handle('TriggerMessage', (call) => {
      received.push(call);
      return { status: 'Accepted' };
    });
    client.handle('SetChargingProfile', (call) => {
      received.push(call);
      return { status: 'Accepted' };
    });
    client.handle('Reset', () => {
      throw createRPCError('NotSupported', 'no resets here');
    });
    expect(await post('CP1/TriggerMessage', { requestedMessage: 'StatusNotification' })).toEqual([
      200,
      { result: { status: 'Accepted' } },
    ]);
    const profile = {
      chargingProfileId: 1,
      stackLevel: 0,
      chargingProfilePurpose: 'ChargePointMaxProfile',
      chargingProfileKind: 'Absolute',
      chargingSchedule: {
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }],
      },
    };
    expect(
      await post('CP1/SetChargingProfile', { connectorId: 0, csChargingProfiles: profile }),
    ).toEqual([200, { result: { status: 'Accepted' } }]);
    expect(received.map((c) => c.method)).toEqual(['TriggerMessage', 'SetChargingProfile']);
    expect(failures).toEqual([]);

    const [status, body] = await post('CP1/Reset', { type: 'Soft' });
    expect([status, body]).toMatchObject([502, { error: { code: 'NotSupported' } }]);
    expect(await post('CP1/TriggerMessage', { requestedMessage: 'Nope' })).toMatchObject([
      400,
      { error: { code: 'InvalidPayload' } },
    ]);
    expect(await post('CP9/Reset', { type: 'Soft' })).toMatchObject([
      409,
      { error: { code: 'NotConnected' } },
    ]);
    expect(await post('CP1/BootNotification', {})).toMatchObject([
      404,
      { error: { code: 'UnknownOperation' } },
    ]);
  });

  it('applies core’s policy: JSON only, POST only, and the token when one is set', async () => {
    const { cs, base, post } = await startWithOperator(TOKEN);
    await connectClient(cs.url);
    expect((await post('CP1/ClearCache', {}))[0]).toBe(401);
    const plain = await fetch(`${base}/api/ocpp/CP1/ClearCache`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${TOKEN}` },
      body: '{}',
    });
    expect(plain.status).toBe(415);
    expect((await fetch(`${base}/api/ocpp/CP1/ClearCache`)).status).toBe(405);
    expect(
      await post('CP1/UnlockConnector', { connectorId: 1 }, { authorization: `Bearer ${TOKEN}` }),
    ).toMatchObject([502, { error: { code: 'NotImplemented' } }]);
  });
});
