import { createRapiClient, createStation } from '@evse/core';
import { createEmulator } from '@evse/transport-emulator';
import { filter, firstValueFrom } from 'rxjs';

// An emulated OpenEVSE controller; its `transport` is the same type a serial port gives.
const emulator = createEmulator({ bootDelayMs: 0, postMs: 0 });
await firstValueFrom(emulator.control.status$.pipe(filter((s) => s.state === 'notConnected')));

// Talk raw RAPI: one command in flight, checksums added and verified.
const client = createRapiClient(emulator.transport, { closeTransport: false });
const version = await client.getVersion();
console.log(`firmware ${version.firmware}, RAPI ${version.protocol}`);

// Or mirror the station in the EVSE statechart and watch it move.
const station = await createStation(emulator.transport);
const charging = firstValueFrom(station.status$.pipe(filter((s) => s.state === 'charging')));
emulator.control.plugIn();
emulator.control.startCharging();
console.log(`state: ${(await charging).state}`);

await station.close();
await client.close();
await emulator.close();
