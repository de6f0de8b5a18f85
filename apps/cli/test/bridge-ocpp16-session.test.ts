// Issue 15, "done when", the first point: `evse bridge --port tcp://… --ocpp-version 1.6` against
// a strict 1.6 central system that is not ours (ocpp-rpc 2.2.1 in strictMode, every frame both
// ways checked against the official 1.6 schemas): a card session with a central-system outage
// mid-charge (meter values and the stop queued, delivered once each after it), remote start and
// stop, then every other CS→CP operation answered; no invalid frame and no CALLERROR either way.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCsOperations16 } from '../../../packages/ocpp16/test/support/cs-operations16.js';
import { txLimitRequest } from '../../../packages/ocpp16/test/support/profiles.js';
import {
  type StrictCs16,
  startStrictCs16,
} from '../../../packages/ocpp16/test/support/strict-cs16.js';
import { killAll, runCli, startCli } from '../../../test/support/evse-cli.js';
import { apiStatus } from './support/dashboard.js';
import { evAction } from './support/ev-action.js';

let cs: StrictCs16;
let queueDir: string;
beforeAll(async () => {
  cs = await startStrictCs16({ tags: { TAG16: 'Accepted' } });
  queueDir = await mkdtemp(join(tmpdir(), 'evse-bridge16-'));
});
afterAll(async () => {
  await killAll();
  await cs.close();
  await rm(queueDir, { recursive: true, force: true });
});

type Params = Record<string, unknown>;
const txOf = (c: { params: Params }) => c.params['transactionId'];
const sampledAt = (c: { params: Params }) =>
  Date.parse(String((c.params['meterValue'] as { timestamp: string }[])[0]?.timestamp));
const lastStatus = () => cs.of('StatusNotification').at(-1)?.params['status'];

describe('evse bridge --ocpp-version 1.6 to a station on TCP', () => {
  it('charges through an outage, remote start/stop, answers every CS→CP operation', async () => {
    const station = startCli(['emulate', '--tcp', '127.0.0.1:0', '--http', '127.0.0.1:0']);
    const tcp = (await station.waitFor(/^TCP listening on (\S+)$/m))[1] ?? '';
    const ev = (await station.waitFor(/^Control API listening on (\S+)$/m))[1] ?? '';
    const bridge = startCli([
      'bridge',
      '--port',
      `tcp://${tcp}`,
      '--ocpp',
      cs.url,
      '--id',
      'CP16S',
      '--ocpp-version',
      '1.6',
      '--queue',
      queueDir,
      '--http',
      '127.0.0.1:0',
    ]);
    await bridge.waitFor(/^BootNotification Accepted/m, 30_000);
    const swipes =
      (await bridge.waitFor(/^Authorize endpoint listening on (http:\S+)\/api\/authorize$/m))[1] ??
      '';
    expect(
      await cs.call('ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '1' }),
    ).toEqual({ status: 'Accepted' });

    // A card session: plug in, swipe, charge.
    await evAction(ev, 'connect');
    await evAction(ev, 'charge');
    expect(await runCli(['ev', 'authorize', 'TAG16', '--http', swipes])).toMatchObject({
      code: 0,
      stdout: 'authorize TAG16: Accepted\n',
    });
    await expect.poll(() => cs.of('StartTransaction').length, { timeout: 20_000 }).toBe(1);
    const first = 100; // the strict central system's first transaction id
    await expect
      .poll(() => cs.of('MeterValues').filter((c) => txOf(c) === first).length, {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    expect(await apiStatus(ev)).toMatchObject({ state: 'charging' });

    // The central system goes away mid-charge; the EV charges on and leaves during the outage.
    const outageAt = Date.now();
    await cs.outage();
    await bridge.waitFor(/^OCPP disconnected/m);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await apiStatus(ev)).toMatchObject({ state: 'charging' }); // charging is not cut
    await evAction(ev, 'disconnect');
    await bridge.waitFor(/^StopTransaction queued: transaction 100, meter \d+ Wh/m);
    const restoredAt = Date.now();
    await cs.restore();
    await bridge.waitFor(/^StopTransaction delivered$/m, 60_000);

    const stops = cs.of('StopTransaction');
    expect(stops).toHaveLength(1);
    expect(stops[0]?.params).toMatchObject({ transactionId: 100, reason: 'EVDisconnected' });
    const meterStart = Number(cs.of('StartTransaction')[0]?.params['meterStart']);
    expect(Number(stops[0]?.params['meterStop'])).toBeGreaterThan(meterStart);
    // The samples taken while the central system was away were queued and delivered, once each.
    const samples = cs.of('MeterValues').filter((c) => txOf(c) === first);
    const during = samples.filter((c) => sampledAt(c) > outageAt && sampledAt(c) < restoredAt);
    expect(during.length).toBeGreaterThanOrEqual(2);
    expect(new Set(samples.map(sampledAt)).size).toBe(samples.length);
    await expect.poll(lastStatus, { timeout: 10_000 }).toBe('Available');

    // Remote start, then remote stop.
    expect(await cs.call('RemoteStartTransaction', { idTag: 'TAG16', connectorId: 1 })).toEqual({
      status: 'Accepted',
    });
    await evAction(ev, 'connect');
    await evAction(ev, 'charge');
    await expect.poll(() => cs.of('StartTransaction').length, { timeout: 20_000 }).toBe(2);
    await expect.poll(lastStatus, { timeout: 20_000 }).toBe('Charging');
    await expect
      .poll(async () => (await apiStatus(ev))['currentMa'], { timeout: 10_000 })
      .toBeGreaterThan(10_000);
    // A 10 A limit for this transaction reaches the controller over TCP as `$SC 10 V`.
    const limit = txLimitRequest(101, 10, { chargingProfileId: 9, stackLevel: 1 });
    expect(await cs.call('SetChargingProfile', limit)).toEqual({ status: 'Accepted' });
    const limitedAt = Date.now();
    await expect
      .poll(async () => (await apiStatus(ev))['currentMa'], { timeout: 5000, interval: 100 })
      .toBeLessThanOrEqual(10_000);
    expect(Date.now() - limitedAt).toBeLessThan(5000);
    expect(await cs.call('RemoteStopTransaction', { transactionId: 101 })).toEqual({
      status: 'Accepted',
    });
    await expect.poll(() => cs.of('StopTransaction').length, { timeout: 20_000 }).toBe(2);
    expect(cs.of('StopTransaction')[1]?.params).toMatchObject({
      transactionId: 101,
      reason: 'Remote',
    });
    await expect.poll(lastStatus, { timeout: 10_000 }).toBe('Finishing');
    await evAction(ev, 'disconnect');
    await expect.poll(lastStatus, { timeout: 10_000 }).toBe('Available');

    // Every other CS→CP operation, each answered as the specification asks.
    await expectCsOperations16(cs.call);
    expect(await cs.call('Reset', { type: 'Soft' })).toEqual({ status: 'Accepted' });
    await bridge.waitFor(/^Reset \(Soft\) requested by the central system$/m);

    expect(cs.of('StartTransaction')).toHaveLength(2);
    expect(cs.problems).toEqual([]);
    expect(await bridge.stop('SIGINT')).toBe(0);
    expect(await station.stop('SIGINT')).toBe(0);
  }, 180_000);
});
