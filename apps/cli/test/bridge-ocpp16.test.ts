// `evse bridge --ocpp-version auto` against a strict OCPP 1.6J central system that is not ours
// (ocpp-rpc 2.2.1's RPCServer in strictMode: every frame both ways checked against the official
// 1.6 schemas): the first line says 1.6 was picked, a session runs, and a 10 A charging profile
// brings the EV's current to 10 A or less within 5 s (issue 15, "done when").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { txLimitRequest } from '../../../packages/ocpp16/test/support/profiles.js';
import {
  type StrictCs16,
  startStrictCs16,
} from '../../../packages/ocpp16/test/support/strict-cs16.js';
import { emulatedBridge, killAll, runCli, startCli } from '../../../test/support/evse-cli.js';
import { apiStatus } from './support/dashboard.js';
import { evAction } from './support/ev-action.js';

let cs: StrictCs16;
beforeAll(async () => {
  cs = await startStrictCs16({ tags: { TAG16: 'Accepted' } });
});
afterAll(async () => {
  await killAll();
  await cs.close();
});

describe('evse bridge speaking OCPP 1.6J', () => {
  it('picks 1.6 with auto, charges, obeys a 10 A profile, stops; no invalid frame', async () => {
    const bridge = startCli([
      ...emulatedBridge(cs.url, 'CP16'),
      '--ocpp-version',
      'auto',
      '--id-tag',
      'TAG16',
      '--http',
      '127.0.0.1:0',
    ]);
    await bridge.waitFor(/BootNotification Accepted/, 30_000);
    expect(bridge.stdout().split('\n')[0]).toBe("OCPP 1.6, the central system's pick");
    const base = (await bridge.waitFor(/^Dashboard at (\S+)\/$/m))[1] ?? '';
    await evAction(base, 'connect');
    await evAction(base, 'charge');
    await expect.poll(() => cs.of('StartTransaction').length, { timeout: 20_000 }).toBe(1);
    await expect
      .poll(async () => (await apiStatus(base))['currentMa'], { timeout: 20_000 })
      .toBeGreaterThan(10_000);
    const transactionId = 100; // the strict central system's first
    expect(await cs.call('SetChargingProfile', txLimitRequest(transactionId, 10))).toEqual({
      status: 'Accepted',
    });
    const t0 = Date.now();
    await expect
      .poll(async () => (await apiStatus(base))['currentMa'], { timeout: 5000, interval: 100 })
      .toBeLessThanOrEqual(10_000);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(
      await cs.call('TriggerMessage', { requestedMessage: 'MeterValues', connectorId: 1 }),
    ).toEqual({
      status: 'Accepted',
    });
    await expect.poll(() => cs.of('MeterValues').length, { timeout: 10_000 }).toBeGreaterThan(0);
    await evAction(base, 'disconnect');
    await expect.poll(() => cs.of('StopTransaction').length, { timeout: 20_000 }).toBe(1);
    expect(cs.of('StopTransaction')[0]?.params).toMatchObject({
      transactionId,
      reason: 'EVDisconnected',
    });
    expect(await bridge.stop('SIGINT')).toBe(0);
    expect(cs.problems).toEqual([]);
  }, 120_000);
});

describe('evse fleet speaking OCPP 1.6J', () => {
  it('boots every station as a 1.6 charge point of the strict central system', async () => {
    const { code, stdout } = await runCli([
      'fleet',
      '--count',
      '3',
      '--ocpp',
      cs.url,
      '--id-prefix',
      'F16-',
      '--ocpp-version',
      '1.6',
      '--duration',
      '6',
    ]);
    expect(stdout).toMatch(/OCPP 1\.6\b/);
    expect(stdout).toMatch(/booted 3\b/);
    const boots = cs
      .of('BootNotification')
      .filter((c) => c.params['chargePointModel'] === 'evse-fleet');
    expect(boots.length).toBe(3);
    expect(cs.problems).toEqual([]);
    expect(code).not.toBe(2);
  }, 90_000);
});
