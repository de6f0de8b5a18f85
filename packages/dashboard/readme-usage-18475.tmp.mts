import { createStation } from '@evse/core';
import { serveDashboard } from '@evse/dashboard';
import { createEmulator, serveControlApi } from '@evse/transport-emulator';
import { filter, firstValueFrom } from 'rxjs';

const emulator = createEmulator({ bootDelayMs: 0, postMs: 0 });
await firstValueFrom(emulator.control.status$.pipe(filter((s) => s.state === 'notConnected')));
const station = await createStation(emulator.transport, { meterIntervalMs: 1000 });
const api = await serveControlApi(emulator.control); // internal: 127.0.0.1, a free port

// One address for the page and the control API its buttons call.
const dashboard = await serveDashboard({
  sources: { station, rapiTraffic$: station.client.traffic$, controls: 'emulator' },
  forwardTo: api.url,
});
const page = await fetch(dashboard.url);
const plugIn = await fetch(`${dashboard.url}/api/ev`, {
  method: 'POST',
  body: '{"action":"connect"}',
});
const now = await firstValueFrom(station.status$.pipe(filter((s) => s.state === 'connected')));
console.log(page.headers.get('content-type'), plugIn.status, now.state);

await dashboard.close();
await api.close();
await station.close();
await emulator.close();
