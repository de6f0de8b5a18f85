/**
 * Where a fleet station's memory goes, layer by layer: N emulators, then a core Station on
 * each, then an OCPP charge point on each, booted at the bench central system running in
 * another process (as in bench/fleet.ts, so none of its memory is counted). Heap after full
 * GC, per station. With EVSE_HEAP_SNAPSHOTS=<dir> it also writes a heap snapshot after each
 * layer (layer-0 … layer-3) for diffing by constructor in DevTools.
 * Run (bundled like a build): node --import tsx bench/memory-layers.ts [N]
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { bundle, OUT_DIR } from './bundle.js';

await bundle({ 'memory-layers-run': './memory-layers-run.ts', central: './central.ts' });
const n = process.argv[2] ?? '1000';
const central = spawn(process.execPath, [`${OUT_DIR}central.mjs`], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const lines = createInterface({ input: central.stdout });
const [first] = (await once(lines, 'line')) as [string];
const { url } = JSON.parse(first) as { url: string };
const run = spawnSync(
  process.execPath,
  ['--expose-gc', `${OUT_DIR}memory-layers-run.mjs`, n, url],
  { stdio: 'inherit' },
);
central.stdin.end();
await once(central, 'exit');
process.exit(run.status ?? 1);
