import { createStation } from '@evse/core';
import { createChargePoint16 } from '@evse/ocpp16';
import { createEmulator } from '@evse/transport-emulator';
import { type RPCClient, RPCServer } from 'ocpp-rpc';
import { filter, firstValueFrom } from 'rxjs';

// A strict 1.6 central system that is not ours: ocpp-rpc checks every frame both ways.
const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: true });
const accepted = { idTagInfo: { status: 'Accepted' } };
const answers: Record<string, () => object> = {
  BootNotification: () => ({
    status: 'Accepted',
    currentTime: new Date().toISOString(),
    interval: 300,
  }),
  Authorize: () => accepted,
  StartTransaction: () => ({ transactionId: 1, ...accepted }),
};
const connected = new Promise<RPCClient>((resolve) =>
  server.on('client', (client: RPCClient) => {
    client.handle(async ({ method }) => answers[method ?? '']?.() ?? {}); // Status, MeterValues: {}
    resolve(client);
  }),
);
const http = await server.listen(0, '127.0.0.1');
const { port } = http.address() as { port: number };

const emulator = createEmulator({ bootDelayMs: 0, postMs: 0 });
await firstValueFrom(emulator.control.status$.pipe(filter((s) => s.state === 'notConnected')));
const station = await createStation(emulator.transport);
const cp = createChargePoint16({
  url: `ws://127.0.0.1:${port}/ocpp`,
  chargeBoxId: 'CP-16',
  station,
  vendor: 'OpenEVSE',
  model: 'v5',
});
const booted = firstValueFrom(cp.events$.pipe(filter((e) => e.type === 'booted')));
const started = firstValueFrom(cp.events$.pipe(filter((e) => e.type === 'transactionStarted')));
const client = await connected;
await booted;
emulator.control.plugIn();
emulator.control.startCharging();
await cp.authorize('TAG1'); // the card swipe: the transaction starts, the EV charges
await started;

// A site limit of 10 A for the whole charge point: the controller's pilot follows ($SC 10 V).
const answer = (await client.call('SetChargingProfile', {
  connectorId: 0,
  csChargingProfiles: {
    chargingProfileId: 1,
    stackLevel: 0,
    chargingProfilePurpose: 'ChargePointMaxProfile',
    chargingProfileKind: 'Absolute',
    chargingSchedule: {
      startSchedule: new Date().toISOString(),
      chargingRateUnit: 'A',
      chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }],
    },
  },
})) as { status: string };
while (emulator.control.status().currentMa === 0 || emulator.control.status().currentMa > 10_000)
  await new Promise((resolve) => setTimeout(resolve, 20));
const { currentCapacity, currentMa } = emulator.control.status();
console.log(client.protocol, answer.status, currentCapacity, currentMa <= 10_000);

await cp.close();
await station.close();
await emulator.close();
await server.close({ force: true });
