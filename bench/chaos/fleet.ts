/**
 * The chaos run's `evse fleet` process: its stations connect straight to the central system
 * (in-process emulators, no serial line), so they see every central fault. Its scenario has
 * enough sessions to last about the fault phase; the harness waits for it to finish on its
 * own, when every session ended and every message was delivered, and reads its final JSON line.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startCli } from '../../test/support/evse-cli.js';

export interface ChaosFleet {
  /** Resolves when the fleet exits: its exit code and its final counters. */
  done(): Promise<{
    exit: number | string;
    stats: { transactionsStarted: number; transactionsStopped: number; energyWh: number } | null;
    stderr: string;
  }>;
}

/** Mean station seconds of one session cycle of the scenario below (gap + session + steps). */
const CYCLE_S = 70 + 330 + 20;

export async function startChaosFleet(o: {
  dir: string;
  url: string;
  count: number;
  speed: number;
  seed: number;
  durationS: number;
}): Promise<ChaosFleet> {
  const scenario = join(o.dir, 'fleet-scenario.json');
  const sessions = Math.max(1, Math.round(((o.durationS * o.speed) / CYCLE_S) * 0.8));
  await writeFile(
    scenario,
    JSON.stringify({
      sessionsPerStation: sessions,
      firstArrivalS: [0, 60],
      gapS: [20, 120],
      sessionS: [60, 600],
      tags: ['FLEET-TAG'],
      unplugProbability: 0.5,
      fault: { probability: 0.1, kinds: ['gfci', 'noGround'], durationS: [5, 30] },
    }),
  );
  const fleet = startCli([
    'fleet',
    '--count',
    String(o.count),
    '--ocpp',
    o.url,
    '--id-prefix',
    'FLEET-',
    '--scenario',
    scenario,
    '--speed',
    String(o.speed),
    '--seed',
    String(o.seed),
    '--json',
  ]);
  return {
    async done() {
      const exit = await fleet.exit;
      const last = fleet
        .stdout()
        .split('\n')
        .filter((l) => l.includes('"type":"done"'))
        .at(-1);
      return {
        exit,
        stats: last ? JSON.parse(last) : null,
        stderr: fleet.stderr().trim().slice(-500),
      };
    },
  };
}
