// The measured process of bench/memory-layers.ts (see there).

import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { startFleetClock } from '@evse/fleet';
import { createStation } from '../packages/core/src/index.js';
import { createChargePoint } from '../packages/ocpp15/src/index.js';
import { createEmulator } from '../packages/transport-emulator/src/index.js';
import { fmt, printTable } from './report.js';

const n = Number(process.argv[2] ?? 1000);
const url = process.argv[3] as string;
const snapshots = process.env['EVSE_HEAP_SNAPSHOTS'];
let layer = 0;
const gc = (globalThis as { gc?: () => void }).gc as () => void;
const heap = async (): Promise<{ heap: number; external: number; rss: number }> => {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  const m = process.memoryUsage();
  if (snapshots) writeHeapSnapshot(join(snapshots, `layer-${layer++}.heapsnapshot`));
  return { heap: m.heapUsed, external: m.external + m.arrayBuffers, rss: m.rss };
};
const clock = startFleetClock(1);
const m0 = await heap();
const emulators = Array.from({ length: n }, () =>
  createEmulator({ authLock: true, clock: clock.clock }),
);
await new Promise((r) => setTimeout(r, 2500)); // POST
const m1 = await heap();
const stations = await Promise.all(
  emulators.map((e) => createStation(e.transport, { resyncIntervalMs: 0 })),
);
const m2 = await heap();
const points = [];
for (let i = 0; i < n; i += 100) {
  const batch = stations.slice(i, i + 100).map((station, j) => {
    const cp = createChargePoint({
      url,
      chargeBoxId: `MEM-${i + j}`,
      station,
      vendor: 'OpenEVSE',
      model: 'evse-fleet',
    });
    return new Promise<typeof cp>((resolve) => {
      const sub = cp.events$.subscribe((e) => {
        if (e.type === 'booted') {
          queueMicrotask(() => sub.unsubscribe());
          resolve(cp);
        }
      });
    });
  });
  points.push(...(await Promise.all(batch)));
}
const m3 = await heap();
const kb = (a: number, b: number): string => fmt((b - a) / n / 1024, 1);
printTable(
  `Memory per fleet station by layer (N = ${n}, heap after GC; central system in another process)`,
  ['layer', 'heap KB/station', 'external KB/station', 'RSS KB/station'],
  [
    [
      'emulator (createEmulator, booted)',
      kb(m0.heap, m1.heap),
      kb(m0.external, m1.external),
      kb(m0.rss, m1.rss),
    ],
    [
      '+ core Station (RapiClient, status mirror)',
      kb(m1.heap, m2.heap),
      kb(m1.external, m2.external),
      kb(m1.rss, m2.rss),
    ],
    [
      '+ OCPP charge point + WebSocket',
      kb(m2.heap, m3.heap),
      kb(m2.external, m3.external),
      kb(m2.rss, m3.rss),
    ],
    ['total', kb(m0.heap, m3.heap), kb(m0.external, m3.external), kb(m0.rss, m3.rss)],
  ],
);
await Promise.all(points.map((p) => p.close()));
clock.stop();
process.exit(0);
