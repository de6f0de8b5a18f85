// `evse central`'s operator API (POST /api/ocpp/<chargeBoxId>/<Action>) is wired behind core's
// policy: an operation for a station that is not connected says so (409), and a token set with
// --token is required.
import { afterEach, describe, expect, it } from 'vitest';
import { killAll, startCli } from '../../../test/support/evse-cli.js';

afterEach(() => killAll());

async function central(args: string[]): Promise<string> {
  const cs = startCli(['central', '--allow', 'CP-1', ...args]);
  const url = (await cs.waitFor(/^OCPP endpoint (ws:\/\/\S+)$/m))[1] ?? '';
  return url.replace(/^ws/, 'http').replace(/\/steve\/.*$/, '');
}

const post = async (base: string, path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${base}/api/ocpp/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ type: 'Soft' }),
  });
  return [res.status, ((await res.json()) as { error?: { code?: string } }).error?.code] as const;
};

describe('evse central: POST /api/ocpp/<chargeBoxId>/<Action>', () => {
  it('answers for a station that is not connected, and needs --token when one is set', async () => {
    const open = await central(['--listen', '127.0.0.1:0']);
    expect(await post(open, 'CP-1/Reset')).toEqual([409, 'NotConnected']);
    expect(await post(open, 'CP-1/Heartbeat')).toEqual([404, 'UnknownOperation']);
    const guarded = await central(['--listen', '127.0.0.1:0', '--token', 'operator-token-1234']);
    expect((await post(guarded, 'CP-1/Reset'))[0]).toBe(401);
    expect(
      await post(guarded, 'CP-1/Reset', { authorization: 'Bearer operator-token-1234' }),
    ).toEqual([409, 'NotConnected']);
  }, 60_000);
});
