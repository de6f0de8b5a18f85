import { createStation } from '@evse/core';
import { type ChargePointEvent, createCentralSystem, createChargePoint } from '@evse/ocpp15';
import { createEmulator } from '@evse/transport-emulator';
import { filter, firstValueFrom } from 'rxjs';

const cs = await createCentralSystem({ allow: ['CP-1'], tags: { TAG1: 'Accepted' } });
const emulator = createEmulator({ bootDelayMs: 0, postMs: 0 });
await firstValueFrom(emulator.control.status$.pipe(filter((s) => s.state === 'notConnected')));
const station = await createStation(emulator.transport);

const cp = createChargePoint({
  url: cs.url,
  chargeBoxId: 'CP-1',
  station,
  vendor: 'OpenEVSE',
  model: 'v5',
  config: { MeterValueSampleInterval: '1' },
});
const next = <T extends ChargePointEvent['type']>(type: T) =>
  firstValueFrom(
    cp.events$.pipe(filter((e): e is Extract<ChargePointEvent, { type: T }> => e.type === type)),
  );

const booted = await next('booted');
emulator.control.plugIn();
emulator.control.startCharging();
const info = await cp.authorize('TAG1'); // the card swipe
const started = await next('transactionId');
await new Promise((resolve) => setTimeout(resolve, 1500)); // charging; MeterValues every second
const stopped = next('transactionStopped');
emulator.control.unplug();
const { reason } = await stopped;
while (cp.transactions.queued() > 0) await new Promise((resolve) => setTimeout(resolve, 50));

const [tx] = cs.transactions('CP-1');
console.log(booted.status, info.status, started.transactionId, reason);
console.log(tx?.state, (tx?.energyWh ?? 0) > 0, cs.meterValues({ transactionId: 1 }).length > 0);
await cp.close();
await station.close();
await emulator.close();
await cs.close();
