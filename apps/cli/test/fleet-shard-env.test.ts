// `evse fleet` without --shard takes its shard from a Kubernetes Indexed Job's environment
// (JOB_COMPLETION_INDEX, EVSE_FLEET_SHARDS): N real processes given indices 0..N-1 together
// boot every station of the fleet exactly once at one central system.
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CentralSystem, createCentralSystem } from '@evse/ocpp15';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll, runCli } from '../../../test/support/evse-cli.js';
import { run } from '../src/index.js';
import { memoryIo } from './support/memory-io.js';

const COUNT = 10;
const SHARDS = 3;
let cs: CentralSystem;
const boots = new Map<string, number>();

beforeAll(async () => {
  cs = await createCentralSystem({
    tags: { 'FLEET-TAG': { status: 'Accepted', maxActiveTransactions: 100 } },
  });
  // Every BootNotification the central system received, per chargeBoxId.
  cs.events$.subscribe((e) => {
    if (e.type !== 'frame' || e.direction !== 'rx') return;
    const frame = JSON.parse(e.text) as unknown[];
    if (frame[0] === 2 && frame[2] === 'BootNotification') {
      boots.set(e.chargeBoxId, (boots.get(e.chargeBoxId) ?? 0) + 1);
    }
  });
});
afterAll(async () => {
  await killAll();
  await cs.close();
});

describe('evse fleet: the shard from an Indexed Job', () => {
  it(`${SHARDS} processes with JOB_COMPLETION_INDEX=0..${SHARDS - 1} boot each of ${COUNT} ids once`, async () => {
    const scenario = join(tmpdir(), `evse-fleet-k8s-${process.pid}.json`);
    await writeFile(scenario, JSON.stringify({ firstArrivalS: [0, 2], sessionS: 20 }));
    const args = ['fleet', '--count', String(COUNT), '--id-prefix', 'JOB-', '--ocpp', cs.url];
    const runs = await Promise.all(
      Array.from({ length: SHARDS }, (_, i) =>
        runCli([...args, '--scenario', scenario, '--speed', '20'], {
          env: { JOB_COMPLETION_INDEX: String(i), EVSE_FLEET_SHARDS: String(SHARDS) },
          timeoutMs: 120_000,
        }),
      ),
    );
    runs.forEach((r, i) => {
      expect(r.stderr, `shard ${i}`).toBe('');
      expect(r.code, `shard ${i}`).toBe(0);
      // The first line says which shard and where it came from.
      const mine = i === 0 ? 4 : 3; // 10 round robin over 3: indices 0,3,6,9 | 1,4,7 | 2,5,8
      expect(r.stdout.split('\n')[0]).toBe(
        `Fleet: ${mine} of ${COUNT} stations (shard ${i}/${SHARDS}, from JOB_COMPLETION_INDEX=${i}, EVSE_FLEET_SHARDS=${SHARDS}) to ${cs.url}/JOB-…, seed 1, speed ×20, OCPP 1.5`,
      );
    });
    const all = Array.from({ length: COUNT }, (_, i) => `JOB-${i}`);
    // Every id known to the central system, booted exactly once: none missing, none twice.
    const known = cs
      .stations()
      .map((s) => s.chargeBoxId)
      .filter((id) => id.startsWith('JOB-'));
    expect(known.sort()).toEqual(all.sort());
    expect(Object.fromEntries([...boots].filter(([id]) => id.startsWith('JOB-')))).toEqual(
      Object.fromEntries(all.map((id) => [id, 1])),
    );
    expect(cs.totals().stoppedTransactions).toBe(COUNT);
  }, 180_000);

  // Half of the pair, or a value that is not a shard, is a usage error naming the variable.
  const bad: [string, Record<string, string>, RegExp][] = [
    ['only the index', { JOB_COMPLETION_INDEX: '1' }, /EVSE_FLEET_SHARDS is not/],
    ['only the count', { EVSE_FLEET_SHARDS: '3' }, /JOB_COMPLETION_INDEX is not/],
    [
      'an index that is not a number',
      { JOB_COMPLETION_INDEX: 'x', EVSE_FLEET_SHARDS: '3' },
      /JOB_COMPLETION_INDEX: expected a whole number ≥ 0, got "x"/,
    ],
    [
      'a count of 0',
      { JOB_COMPLETION_INDEX: '0', EVSE_FLEET_SHARDS: '0' },
      /EVSE_FLEET_SHARDS: expected a whole number ≥ 1, got "0"/,
    ],
    [
      'an index past the count',
      { JOB_COMPLETION_INDEX: '3', EVSE_FLEET_SHARDS: '3' },
      /JOB_COMPLETION_INDEX=3 must be below EVSE_FLEET_SHARDS=3/,
    ],
  ];
  it.each(bad)('%s: exit 2 naming the variable, nothing started', async (_, env, message) => {
    const io = memoryIo({ env });
    const code = await run(['fleet', '--count', '4', '--ocpp', cs.url], io);
    expect(code).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.out()).toBe('');
  });

  it('--shard wins over the environment; neither means the whole fleet', async () => {
    // A bad environment with --shard: the option is taken, the variables are not read.
    const io = memoryIo({ env: { JOB_COMPLETION_INDEX: 'x' } });
    const args = ['fleet', '--count', '1', '--ocpp', cs.url, '--duration', '0.5'];
    await run([...args, '--id-prefix', 'OPT-', '--shard', '0/1'], io);
    expect(io.out().split('\n')[0]).toMatch(/^Fleet: 1 of 1 stations \(shard 0\/1, from --shard\)/);
    const plain = memoryIo({ env: {} });
    await run([...args, '--id-prefix', 'ALL-'], plain);
    expect(plain.out().split('\n')[0]).toMatch(
      /^Fleet: 1 of 1 stations \(shard 0\/1, the whole fleet: no --shard, no JOB_COMPLETION_INDEX\)/,
    );
  });
});
