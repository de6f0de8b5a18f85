// A whole fleet against a real central system on 127.0.0.1:0: every station boots, charges
// and stops, and the energy the stations report equals the energy the central system records.
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CentralSystem, createCentralSystem } from '@evse/ocpp15';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fleet, runFleet } from '../src/fleet/fleet.js';
import { validateScenario } from '../src/fleet/scenario.js';
import { killAll, runCli } from './support/cli.js';

const TAGS = ['FLEET-A', 'FLEET-B'];
let cs: CentralSystem;

beforeAll(async () => {
  cs = await createCentralSystem({
    // Two tags shared by every EV: many open transactions per tag (SteVe's max active count).
    tags: Object.fromEntries(
      TAGS.map((t) => [t, { status: 'Accepted' as const, maxActiveTransactions: 100_000 }]),
    ),
  });
});
afterAll(async () => {
  await killAll();
  await cs.close();
});

describe('runFleet', () => {
  const COUNT = 200;
  let fleet: Fleet | undefined;
  afterAll(async () => {
    await fleet?.close();
  });

  it(`${COUNT} stations boot, charge and stop; station energy == central energy`, async () => {
    fleet = runFleet({
      url: cs.url,
      count: COUNT,
      idPrefix: 'CI-',
      seed: 11,
      speed: 20,
      stepTimeoutMs: 90_000,
      scenario: validateScenario({
        sessionsPerStation: 1,
        firstArrivalS: [0, 60],
        sessionS: [60, 180],
        tags: TAGS,
        unplugProbability: 0.3,
        // Some sessions see a fault while charging; the session still ends and reconciles.
        fault: { probability: 0.1, kinds: ['gfci', 'overTemperature'], durationS: [2, 10] },
      }),
    });
    await fleet.allBooted;
    expect(fleet.stats.booted).toBe(COUNT);
    await fleet.finished;
    await fleet.drained(60_000);

    const s = fleet.stats;
    expect(s.errors).toBe(0);
    expect(s.stationsFinished).toBe(COUNT);
    expect(s.transactionsStarted).toBe(COUNT);
    expect(s.transactionsStopped).toBe(COUNT);
    // Every station is known to the central system, booted, and has one stopped
    // transaction with energy delivered (it charged).
    const stations = cs.stations().filter((st) => st.chargeBoxId.startsWith('CI-'));
    expect(stations).toHaveLength(COUNT);
    expect(stations.every((st) => st.boot?.chargePointModel === 'evse-fleet')).toBe(true);
    for (const id of fleet.ids) {
      const txs = cs.transactions(id);
      expect(txs, id).toHaveLength(1);
      expect(txs[0]?.state, id).toBe('stopped');
      expect(txs[0]?.energyWh, id).toBeGreaterThan(0);
    }
    const totals = cs.totals();
    expect(totals.stoppedTransactions).toBe(COUNT);
    expect(totals.activeTransactions).toBe(0);
    expect(totals.energyWh).toBe(s.energyWh);
    expect(s.energyWh).toBeGreaterThan(COUNT * 10);
    expect(s.faultsInjected).toBeGreaterThan(0);
  }, 180_000);
});

describe('evse fleet (child process)', () => {
  it('runs a small fleet to the end and prints the live summary and the result', async () => {
    const scenario = join(tmpdir(), `evse-fleet-${process.pid}.json`);
    await writeFile(
      scenario,
      JSON.stringify({
        firstArrivalS: [0, 5],
        sessionS: 30,
        tags: ['FLEET-A'],
        unplugProbability: 0,
      }),
    );
    const { code, stdout, stderr } = await runCli(
      [
        'fleet',
        '--count',
        '6',
        '--shard',
        '0/2',
        '--id-prefix',
        'SHARD-',
        '--ocpp',
        cs.url,
        '--scenario',
        scenario,
        '--speed',
        '10',
      ],
      { timeoutMs: 90_000 },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Fleet: 3 of 6 stations \(shard 0\/2\)/);
    expect(stdout).toMatch(
      /connected \d+ \| booted \d+ \| charging \d+ \| tx \d+ started \d+ stopped \| queue \d+ \| errors 0 \| reconnects \d+ \| \d+ msg\/s/,
    );
    expect(stdout).toMatch(
      /Done: 3 booted, 3 transactions started, 3 stopped, \d+ Wh reported by the stations, 0 errors/,
    );
    // Shard 0/2 of 6 is indices 0, 2, 4.
    const ids = cs
      .stations()
      .map((s) => s.chargeBoxId)
      .filter((id) => id.startsWith('SHARD-'));
    expect(ids.sort()).toEqual(['SHARD-0', 'SHARD-2', 'SHARD-4']);
    const reported = Number(/(\d+) Wh reported/.exec(stdout)?.[1]);
    const recorded = ids.reduce((sum, id) => sum + cs.totals(id).energyWh, 0);
    expect(recorded).toBe(reported);
  }, 120_000);

  it('refuses a bad scenario with exit code 2, naming the file and the JSON path', async () => {
    const scenario = join(tmpdir(), `evse-fleet-bad-${process.pid}.json`);
    await writeFile(scenario, JSON.stringify({ ev: { maxCurrentA: [32, 16] } }));
    const { code, stderr } = await runCli([
      'fleet',
      '--count',
      '2',
      '--ocpp',
      cs.url,
      '--scenario',
      scenario,
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain(
      `--scenario ${scenario}: $.ev.maxCurrentA: min 32 is greater than max 16`,
    );
  });

  it('refuses a bad shard with exit code 2', async () => {
    const { code, stderr } = await runCli([
      'fleet',
      '--count',
      '2',
      '--ocpp',
      cs.url,
      '--shard',
      '3/3',
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/shard index I must be below N/);
  });
});
