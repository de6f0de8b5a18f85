import { createStation } from '@evse/core';
import { keepInSync, openTransport } from '@evse/transport-serial';

// /dev/ttyUSB0 (USB adapter), /dev/serial0 (Pi GPIO UART) or tcp://host:port.
const spec = process.env['EVSE_PORT'] ?? '/dev/ttyUSB0';
const transport = await openTransport(spec, { reconnect: true });
transport.connection$.subscribe((e) => console.log(`link ${e.state}`));

const station = await createStation(transport);
// After every unplug/replug, re-read $GS so the mirror matches the device again.
const sync = keepInSync(station, transport).subscribe((e) => console.log(e.type));

const { firmwareVersion } = await station.info();
console.log(`firmware ${firmwareVersion}, ${station.getStatus().state}`);
console.log(`pilot ${await station.setCurrent(16)} A`);

sync.unsubscribe();
await station.close(); // closes the transport too
