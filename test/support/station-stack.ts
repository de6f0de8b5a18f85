/**
 * The real station under a charge point, shared by the 1.5 and 1.6 charge point tests: the
 * in-process emulator → core Station → a charge point built by the version's factory
 * (`createChargePoint`, `createChargePoint16`), the emulator's card swipes going to
 * `authorize` as a bridge wires them. Test-only; nothing here ships.
 */
import { createStation, type Station } from '@evse/core';
import { createEmulator, type EmulatorOptions } from '@evse/transport-emulator';
import { filter, firstValueFrom } from 'rxjs';

/** A ready emulator (`build`: the default release build unless told otherwise) and its Station. */
export async function startStation(build: EmulatorOptions = {}) {
  const emu = createEmulator({ bootDelayMs: 0, postMs: 0, ...build });
  await firstValueFrom(emu.control.status$.pipe(filter((s) => s.state === 'notConnected')));
  const station = await createStation(emu.transport, { resyncIntervalMs: 0 });
  return { emu, station };
}

/**
 * What the rig hands the factory: the station, an emulated OpenEVSE's identity, samples every
 * second and fast reconnects. The factory spreads its own options over it.
 */
export interface StackBase {
  readonly url: string;
  readonly chargeBoxId: string;
  readonly station: Station;
  readonly vendor: string;
  readonly model: string;
  readonly config: { readonly MeterValueSampleInterval: string };
  readonly reconnect: { readonly minDelayMs: number; readonly maxDelayMs: number };
}

/** What the rig needs of a charge point of any version. */
export interface StackChargePoint {
  authorize(idTag: string): Promise<unknown>;
  close(): Promise<void>;
}

/** One station for a central system at `url`, its charge point built by `create`. */
export async function startStack<CP extends StackChargePoint>(
  url: string,
  create: (base: StackBase) => CP,
  build: EmulatorOptions = {},
) {
  const { emu, station } = await startStation(build);
  const cp = create({
    url,
    chargeBoxId: 'CP1',
    station,
    vendor: 'OpenEVSE',
    model: 'Emulated',
    config: { MeterValueSampleInterval: '1' },
    reconnect: { minDelayMs: 50, maxDelayMs: 300 },
  });
  // The "user swipes a card" hook: the emulator's swipes go to the charge point.
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
