/**
 * The real chain the CLI's `emulate --http` runs: an emulator, core's Station over its
 * transport, the emulator's control API on an internal loopback port, and the dashboard on
 * its own port forwarding `/api/*` there. Real time, with no boot delay.
 */
import { createStation, type Station } from '@evse/core';
import { createEmulator, type Emulator, serveControlApi } from '@evse/transport-emulator';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { type DashboardServer, serveDashboard } from '../src/index.js';

export interface Rig {
  emulator: Emulator;
  station: Station;
  dashboard: DashboardServer;
  close(): Promise<void>;
}

export async function startRig(): Promise<Rig> {
  const emulator = createEmulator({ bootDelayMs: 0, postMs: 0 });
  await firstValueFrom(
    emulator.control.status$.pipe(
      filter((s) => s.state !== 'starting'),
      timeout(5000),
    ),
  );
  const station = await createStation(emulator.transport, { meterIntervalMs: 300 });
  const api = await serveControlApi(emulator.control);
  const dashboard = await serveDashboard({
    sources: {
      title: 'evse emulate',
      station,
      rapiTraffic$: station.client.traffic$,
      controls: 'emulator',
    },
    forwardTo: api.url,
    batchMs: 100,
  });
  return {
    emulator,
    station,
    dashboard,
    async close() {
      await dashboard.close();
      await api.close();
      await station.close();
      await emulator.close();
    },
  };
}
