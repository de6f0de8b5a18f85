// The real chain for the 1.6 charge point: the in-process emulator → core Station →
// createChargePoint16 → a central system at `url`, the emulator's card swipes going to
// `authorize` (as a bridge wires them).
import { createStation } from '@evse/core';
import { createEmulator } from '@evse/transport-emulator';
import { filter, firstValueFrom } from 'rxjs';
import { type ChargePoint16Options, createChargePoint16 } from '../../src/index.js';

export async function startStack16(url: string, options: Partial<ChargePoint16Options> = {}) {
  const emu = createEmulator({ bootDelayMs: 0, postMs: 0 });
  await firstValueFrom(emu.control.status$.pipe(filter((s) => s.state === 'notConnected')));
  const station = await createStation(emu.transport, { resyncIntervalMs: 0 });
  const cp = createChargePoint16({
    url,
    chargeBoxId: 'CP16',
    station,
    vendor: 'OpenEVSE',
    model: 'Emulated',
    config: { MeterValueSampleInterval: '1' },
    reconnect: { minDelayMs: 50, maxDelayMs: 300 },
    ...options,
  });
  const swipes = emu.control.swipes$.subscribe((s) => {
    cp.authorize(s.idTag).catch(() => undefined);
  });
  return {
    emu,
    station,
    cp,
    async close() {
      swipes.unsubscribe();
      await cp.close();
      await station.close();
      await emu.close();
    },
  };
}
