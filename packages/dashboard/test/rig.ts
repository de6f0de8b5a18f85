/**
 * The real chain `evse demo --http` runs: an emulator (AUTH_LOCK build), core's Station over
 * its transport, a SteVe-like central system and an OCPP charge point driving the station, the
 * emulator's control API on an internal loopback port, and the dashboard on its own port
 * forwarding `/api/*` there. Real time, with no boot delay.
 */
import { createStation, type Station } from '@evse/core';
import { createCentralSystem, createChargePoint } from '@evse/ocpp15';
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
  const cs = await createCentralSystem({ allow: ['CP-1'], tags: { TAG1: 'Accepted' } });
  // The release build (no AUTH_LOCK): the charge point holds it asleep until a card is accepted.
  const emulator = createEmulator({ bootDelayMs: 0, postMs: 0 });
  await firstValueFrom(
    emulator.control.status$.pipe(
      filter((s) => s.state !== 'starting'),
      timeout(5000),
    ),
  );
  const station = await createStation(emulator.transport, { meterIntervalMs: 400 });
  const cp = createChargePoint({
    url: cs.url,
    chargeBoxId: 'CP-1',
    station,
    vendor: 'OpenEVSE',
    model: 'v5',
    config: { MeterValueSampleInterval: '1' },
  });
  // The card reader: a swipe on the emulator is an Authorize at the central system.
  const swipes = emulator.control.swipes$.subscribe(({ idTag }) => {
    cp.authorize(idTag).catch(() => undefined);
  });
  const api = await serveControlApi(emulator.control);
  const dashboard = await serveDashboard({
    sources: {
      title: 'evse demo',
      station,
      rapiTraffic$: station.client.traffic$,
      ocppTraffic$: cp.traffic$,
      controls: 'emulator',
      cardTag: 'TAG1', // the tag the central system accepts
    },
    forwardTo: api.url,
    batchMs: 100,
  });
  return {
    emulator,
    station,
    dashboard,
    async close() {
      swipes.unsubscribe();
      await dashboard.close();
      await api.close();
      await cp.close();
      await station.close();
      await emulator.close();
      await cs.close();
    },
  };
}
