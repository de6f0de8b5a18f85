/**
 * The EV at a bridged chaos station: plug in (the bridge's `--id-tag` authorizes, the gate
 * wakes the EVSE, the transaction starts), charge for a few seconds, unplug (the charge
 * point stops with EVDisconnected). It plugs in only while the bridge is running: with no
 * bridge nobody holds the EVSE asleep (FIELD-FIRMWARE.md §1), and energy charged then would
 * be no transaction's. Whatever happens to the bridge or the serial line during a session,
 * the EV stays and leaves on its own schedule.
 */
import type { Rng } from '@evse/fleet';
import type { BridgeProc } from './procs.js';
import type { PtyStation } from './stations.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Drive sessions until `stopped()`; resolves with the number of plug-ins, EV unplugged. */
export async function driveEv(
  station: PtyStation,
  bridge: BridgeProc,
  rng: Rng,
  stopped: () => boolean,
): Promise<number> {
  const { control } = station.emulator;
  let sessions = 0;
  while (!stopped()) {
    await sleep(rng.between(1000, 4000));
    if (stopped() || !bridge.up || !station.plugged) continue;
    control.setEv({ maxCurrentA: 32, batteryKwh: 100, socPercent: 20 });
    control.plugIn();
    control.startCharging();
    sessions++;
    await sleep(rng.between(3000, 12_000));
    control.unplug();
  }
  return sessions;
}
