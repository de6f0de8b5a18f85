import { createArbiter, createStation } from '@evse/core';
import { createEmulator } from '@evse/transport-emulator';
import { createClaimBook, serveWifiApi } from '@evse/wifi';
import { filter, firstValueFrom } from 'rxjs';

// Any core Station: an emulated one here, a serial port's on a real installation.
const emulator = createEmulator({ bootDelayMs: 0, postMs: 0 });
await firstValueFrom(emulator.control.status$.pipe(filter((s) => s.state === 'notConnected')));
const station = await createStation(emulator.transport);

// The arbiter is the only sender of $FS/$FE/$SC n V; the module's claims go on it.
const arbiter = createArbiter(station);
const book = createClaimBook(arbiter);
await arbiter.start();

const { url, close } = await serveWifiApi({ station, book, host: '127.0.0.1', port: 0 });
const get = async (path: string) => (await fetch(`${url}${path}`)).json();

const status = (await get('/status')) as { state: number; status: string; pilot: number };
console.log(`state ${status.state}, status ${status.status}, pilot ${status.pilot} A`);

// What Home Assistant's and evcc's clients do: a manual override.
await fetch(`${url}/override`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ state: 'disabled', charge_current: 10 }),
});
await firstValueFrom(emulator.control.status$.pipe(filter((s) => s.state === 'sleeping')));
console.log(JSON.stringify(await get('/claims')));

const relay = (await get('/r?json=1&rapi=%24GS')) as { cmd: string; ret: string };
console.log(`${relay.cmd} -> ${relay.ret}`);

await close();
arbiter.close();
await station.close();
await emulator.close();
