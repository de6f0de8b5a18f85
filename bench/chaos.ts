/**
 * Chaos run (issue 17 item 7b; `pnpm chaos`, not part of the test suite): see
 * bench/chaos/run.ts. Prints each fault as it is injected (stderr) and the counts and the
 * reconciliation at the end (stdout); exits 1 when anything was lost or duplicated.
 *
 *   node --import tsx --conditions=@evse/source bench/chaos.ts [--seed 1] [--duration-s 600] [--bridges 4] [--fleet 40] [--dir DIR]
 */
import { parseArgs } from 'node:util';
import { runChaos } from './chaos/run.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    'duration-s': { type: 'string', default: '600' },
    bridges: { type: 'string', default: '4' },
    fleet: { type: 'string', default: '40' },
    'fleet-speed': { type: 'string', default: '20' },
    dir: { type: 'string' },
  },
});
const stamp = (): string => new Date().toISOString().slice(11, 19);
const result = await runChaos({
  seed: Number(values.seed),
  durationS: Number(values['duration-s']),
  bridges: Number(values.bridges),
  fleetCount: Number(values.fleet),
  fleetSpeed: Number(values['fleet-speed']),
  ...(values.dir === undefined ? {} : { dir: values.dir }),
  onEvent: (e) =>
    process.stderr.write(
      e.type === 'phase'
        ? `[chaos ${stamp()}] ${e.text}\n`
        : `[chaos ${stamp()}] #${e.n} ${e.kind} ${e.target}\n`,
    ),
});
const { bridged, problems, ...rest } = result;
const { problems: _p, energyMismatches, ...sums } = bridged;
process.stdout.write(
  `${JSON.stringify({ ...rest, bridged: { ...sums, energyMismatches: energyMismatches.length } }, null, 2)}\n`,
);
for (const p of problems.slice(0, 30)) process.stdout.write(`PROBLEM ${p}\n`);
const injected = Object.values(result.faults).reduce((a, b) => a + b, 0);
process.stdout.write(
  `RESULT ${problems.length === 0 ? 'reconciled' : `${problems.length} problems`}: ${injected} faults, ${result.messages} OCPP messages, ${bridged.transactions + (result.fleet?.centralTx ?? 0)} transactions, ${result.durationS} s\n`,
);
process.exit(problems.length === 0 ? 0 : 1);
