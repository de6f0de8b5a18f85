// GET /metrics (Prometheus text format) on the --http address of `evse fleet` and
// `evse bridge` and on the listen address of `evse central`, all real processes on
// 127.0.0.1, scraped over HTTP and parsed by a parser that is not ours, after real sessions.
import { writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CentralSystem, createCentralSystem } from '@evse/ocpp15';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { killAll, startCli } from '../../../test/support/evse-cli.js';
import { evAction } from './support/ev-action.js';
import { type Family, sample, scrape, total } from './support/prometheus.js';

let cs: CentralSystem | undefined;
afterEach(async () => {
  await killAll();
});
afterAll(async () => {
  await cs?.close();
});

/** GET `url` with a `Host` header of our choosing (fetch may not set it); the status. */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Scrape until `ok` holds for the families (a session takes real seconds). */
async function scrapeUntil(
  url: string,
  ok: (f: ReadonlyMap<string, Family>) => boolean,
  headers: Record<string, string> = {},
): Promise<ReadonlyMap<string, Family>> {
  let last: ReadonlyMap<string, Family> = new Map();
  await expect
    .poll(
      async () => {
        last = await scrape(url, headers);
        return ok(last);
      },
      { timeout: 60_000, interval: 250 },
    )
    .toBe(true);
  return last;
}

describe('/metrics of evse central and evse bridge', () => {
  it('count one charging session on both sides', async () => {
    const central = startCli([
      'central',
      ...['--listen', '127.0.0.1:0', '--tags', 'TAG-M', '--allow', 'CP-M'],
    ]);
    const url = (await central.waitFor(/^OCPP endpoint (ws:\/\/127\.0\.0\.1:\d+\/\S+)$/m))[1];
    const csBase = `http://${new URL(url ?? '').host}`;
    const bridge = startCli([
      'bridge',
      '--port',
      'emulator',
      '--ocpp',
      url ?? '',
      '--id',
      'CP-M',
      '--id-tag',
      'TAG-M',
      '--http',
      '127.0.0.1:0',
    ]);
    const http = (await bridge.waitFor(/^Control API listening on (http:\S+)$/m))[1] ?? '';
    await bridge.waitFor(/^BootNotification Accepted/m);
    await bridge.waitFor(/^EVSE put to sleep/m);
    // Plug in: --id-tag authorizes, the transaction starts; unplug: it stops.
    await evAction(http, 'connect');
    await bridge.waitFor(/^StartTransaction accepted: transaction 1$/m);
    await evAction(http, 'disconnect');

    const b = await scrapeUntil(
      `${http}/metrics`,
      (f) => sample(f, 'evse_transactions_stopped_total') === 1,
    );
    const bridgeLabels = { surface: 'bridge' };
    expect(sample(b, 'evse_transactions_started_total', bridgeLabels)).toBe(1);
    expect(sample(b, 'evse_transactions_active')).toBe(0);
    for (const action of ['BootNotification', 'StartTransaction', 'StopTransaction']) {
      expect(sample(b, 'evse_ocpp_messages_total', { direction: 'tx', action }), action).toBe(1);
    }
    expect(
      sample(b, 'evse_ocpp_messages_total', { direction: 'rx', action: 'CallResult' }),
    ).toBeGreaterThanOrEqual(3);
    expect(b.get('evse_ocpp_messages_total')?.type).toBe('COUNTER');
    // One station, in one state (asleep again after the session: the gate).
    expect(total(b, 'evse_stations')).toBe(1);
    expect(sample(b, 'evse_stations', { state: 'sleeping' })).toBe(1);
    expect(sample(b, 'evse_queue_length')).toBe(0);
    expect(sample(b, 'evse_errors_total', { cause: 'charge_point' })).toBe(0);
    // Event-loop lag from prom-client's default metrics.
    expect(b.get('nodejs_eventloop_lag_seconds')?.type).toBe('GAUGE');
    expect(sample(b, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThan(0);

    const c = await scrapeUntil(
      `${csBase}/metrics`,
      (f) => sample(f, 'evse_transactions_stopped_total', { surface: 'central' }) === 1,
    );
    expect(sample(c, 'evse_transactions_started_total')).toBe(1);
    expect(sample(c, 'evse_transactions_active')).toBe(0);
    for (const action of ['BootNotification', 'StartTransaction', 'StopTransaction']) {
      expect(sample(c, 'evse_ocpp_messages_total', { direction: 'rx', action }), action).toBe(1);
    }
    expect(sample(c, 'evse_stations', { state: 'connected' })).toBe(1);
    expect(sample(c, 'evse_errors_total', { cause: 'protocol' })).toBe(0);
    expect(c.has('evse_queue_length')).toBe(false); // the central system has no queue

    // The same request policy as every other request there: a foreign Host is refused.
    expect(await getWithHost(`${csBase}/metrics`, 'evil.example')).toBe(421);
    expect(await getWithHost(`${http}/metrics`, 'evil.example')).toBe(421);
    // A write there is refused: by the policy when not JSON (415), by the route when it is.
    const post = await fetch(`${csBase}/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(post.status).toBe(405);
    await post.body?.cancel();
  }, 120_000);
});

describe('/metrics of evse fleet', () => {
  it('counts every station, transaction and frame; needs the token when one is set', async () => {
    cs = await createCentralSystem({
      tags: { 'MET-TAG': { status: 'Accepted', maxActiveTransactions: 100 } },
    });
    const scenario = join(tmpdir(), `evse-fleet-metrics-${process.pid}.json`);
    // Two stations, one short session each, then idle for an hour (the process stays up).
    await writeFile(
      scenario,
      JSON.stringify({
        sessionsPerStation: 2,
        firstArrivalS: 0,
        sessionS: 10,
        gapS: 3600,
        tags: ['MET-TAG'],
        unplugProbability: 0,
      }),
    );
    const token = 'metrics-test-token';
    const fleet = startCli([
      'fleet',
      '--count',
      '2',
      '--id-prefix',
      'MET-',
      '--ocpp',
      cs.url,
      '--scenario',
      scenario,
      '--speed',
      '20',
      '--http',
      '127.0.0.1:0',
      '--token',
      token,
    ]);
    const base = (await fleet.waitFor(/^Dashboard at (http:\S+)\/$/m))[1] ?? '';
    // A read like /api/status: the token is required once one is set.
    const refused = await fetch(`${base}/metrics`);
    expect(refused.status).toBe(401);
    await refused.body?.cancel();
    const auth = { authorization: `Bearer ${token}` };
    const f = await scrapeUntil(
      `${base}/metrics`,
      (m) => sample(m, 'evse_transactions_stopped_total') === 2,
      auth,
    );
    const fleetLabels = { surface: 'fleet' };
    expect(sample(f, 'evse_transactions_started_total', fleetLabels)).toBe(2);
    expect(sample(f, 'evse_transactions_active')).toBe(0);
    for (const action of ['BootNotification', 'StartTransaction', 'StopTransaction']) {
      expect(sample(f, 'evse_ocpp_messages_total', { direction: 'tx', action }), action).toBe(2);
    }
    expect(total(f, 'evse_stations')).toBe(2);
    expect(sample(f, 'evse_stations', { state: 'charging' }) ?? 0).toBe(0);
    expect(sample(f, 'evse_queue_length')).toBe(0);
    expect(sample(f, 'evse_errors_total', { cause: 'station' })).toBe(0);
    expect(f.get('nodejs_eventloop_lag_seconds')?.type).toBe('GAUGE');
    // The central system agrees.
    expect(cs.totals().stoppedTransactions).toBe(2);
    // The status API behind the same address still answers (the metrics front forwards it).
    const status = await fetch(`${base}/api/status`, { headers: auth });
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ type: 'summary', transactionsStopped: 2 });
  }, 120_000);
});
