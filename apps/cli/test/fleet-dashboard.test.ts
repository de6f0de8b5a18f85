// `evse fleet --http`: the fleet table on the dashboard and the fleet's status API, on one
// address, for a small fleet against a real central system on 127.0.0.1:0.
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CentralSystem, createCentralSystem } from '@evse/ocpp15';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll, startCli } from '../../../test/support/evse-cli.js';
import {
  apiStatus,
  type DashboardInit,
  expectDashboardPage,
  readInit,
} from './support/dashboard.js';

let cs: CentralSystem;

beforeAll(async () => {
  cs = await createCentralSystem({
    tags: { 'DASH-TAG': { status: 'Accepted', maxActiveTransactions: 100 } },
  });
});
afterAll(async () => {
  await killAll();
  await cs.close();
});

/** Read `init` until `ok` holds (each read is a fresh page load), at most `timeoutMs`. */
async function initUntil(
  base: string,
  ok: (init: DashboardInit) => boolean,
  timeoutMs = 30_000,
): Promise<DashboardInit> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const init = await readInit(base);
    if (ok(init) || Date.now() > until) return init;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('evse fleet --http', () => {
  it('serves the fleet table (a row per station, live) and GET /api/status', async () => {
    // Everyone arrives at once and charges for a long session, so the rows show transactions.
    const scenario = join(tmpdir(), `evse-fleet-dashboard-${process.pid}.json`);
    await writeFile(
      scenario,
      JSON.stringify({ firstArrivalS: [0, 0], sessionS: 3600, tags: ['DASH-TAG'] }),
    );
    const fleet = startCli([
      'fleet',
      '--count',
      '3',
      '--id-prefix',
      'DASH-',
      '--ocpp',
      cs.url,
      '--scenario',
      scenario,
      '--http',
      '127.0.0.1:0',
    ]);
    const base = (await fleet.waitFor(/^Dashboard at (http:\/\/127\.0\.0\.1:\d+)\/$/m))[1] ?? '';
    await expectDashboardPage(base);
    const init = await initUntil(
      base,
      (i) => i.fleet.length === 3 && i.fleet.every((r) => r.transactionId !== null),
    );
    expect(init).toMatchObject({ title: 'evse fleet', controls: 'none' });
    expect(init.panels).toMatchObject({ fleet: true, station: false, rapi: false, ocpp: false });
    expect(init.fleet.map((r) => r.id).sort()).toEqual(['DASH-0', 'DASH-1', 'DASH-2']);
    const recorded = cs.transactions().map((t) => t.transactionId);
    for (const row of init.fleet) {
      expect(['connected', 'charging']).toContain(row.state);
      expect(recorded).toContain(row.transactionId);
      expect(row.energyWh).toBeGreaterThanOrEqual(0);
    }
    expect(await apiStatus(base)).toMatchObject({ type: 'summary', stations: 3, booted: 3 });
    const post = await fetch(`${base}/api/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(post.status).toBe(405);
    await post.body?.cancel();
    expect(await fleet.stop('SIGINT')).toBe(0);
  }, 90_000);
});
