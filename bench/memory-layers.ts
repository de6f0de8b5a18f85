/**
 * Where a fleet station's memory goes, layer by layer: N emulators, then a core Station on
 * each, then an OCPP charge point on each (booted at a central system in this process; its
 * share is measured separately and subtracted). Heap after full GC, per station.
 * Run (bundled like a build): node --import tsx bench/memory-layers.ts [N]
 */
import { spawnSync } from 'node:child_process';
import { bundle, OUT_DIR } from './bundle.js';

await bundle({ 'memory-layers-run': './memory-layers-run.ts' });
const n = process.argv[2] ?? '1000';
const run = spawnSync(process.execPath, ['--expose-gc', `${OUT_DIR}memory-layers-run.mjs`, n], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
