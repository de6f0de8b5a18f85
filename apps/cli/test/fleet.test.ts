// `evse fleet` as a child process against a real central system on 127.0.0.1:0: the live
// summary, the result line, sharding and usage errors.
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CentralSystem, createCentralSystem } from '@evse/ocpp15';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll, runCli } from '../../../test/support/evse-cli.js';

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
    expect(stdout).toMatch(/Fleet: 3 of 6 stations \(shard 0\/2, from --shard\)/);
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
