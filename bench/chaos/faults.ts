/**
 * The chaos run's faults: each one is injected and then undone by the harness (the system
 * under test must recover on its own in between). Kinds and their timing, drawn from the
 * seeded schedule; every duration is in real milliseconds.
 */
import type { Rng } from '@evse/fleet';
import type { BridgeProc, CentralProc } from './procs.js';
import type { PtyStation } from './stations.js';

/** Faults of the central system (one at a time). */
export const CENTRAL_FAULTS = ['centralKill', 'centralOutage', 'centralFreeze'] as const;
/** Faults of one bridged station (one at a time per station). */
export const STATION_FAULTS = [
  'bridgeKill',
  'ptyUnplug',
  'wireDrop',
  'wireCorrupt',
  'wireNk',
] as const;
export type FaultKind = (typeof CENTRAL_FAULTS)[number] | (typeof STATION_FAULTS)[number];

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Kill, stop or freeze the central system, then bring it back. */
export async function centralFault(
  kind: (typeof CENTRAL_FAULTS)[number],
  central: CentralProc,
  rng: Rng,
): Promise<void> {
  switch (kind) {
    case 'centralKill': // SIGKILL and straight back on the same --db
      await central.kill();
      await sleep(rng.between(0, 2000));
      await central.start();
      break;
    case 'centralOutage': // stopped cleanly, down for a while, restarted
      await central.stop();
      await sleep(rng.between(3000, 15_000));
      await central.start();
      break;
    case 'centralFreeze': // SIGSTOP: connections stay open, nothing is answered
      central.freeze();
      await sleep(rng.between(2000, 12_000));
      central.thaw();
      break;
  }
}

/** Kill a bridge, pull its serial cable or damage its wire, then undo it. */
export async function stationFault(
  kind: (typeof STATION_FAULTS)[number],
  station: PtyStation,
  bridge: BridgeProc,
  rng: Rng,
): Promise<void> {
  const { wire } = station.emulator.control;
  const n = 1 + Math.floor(rng.between(0, 3));
  switch (kind) {
    case 'bridgeKill': // SIGKILL, restarted with the same --queue
      await bridge.kill();
      await sleep(rng.between(0, 3000));
      await bridge.start();
      break;
    case 'ptyUnplug': // socat killed, the link path gone, then served again
      await station.unplug();
      await sleep(rng.between(1000, 8000));
      await station.plug();
      break;
    case 'wireDrop': // the next replies lost on the line
      wire.dropNext(n);
      break;
    case 'wireCorrupt': // the next replies with a bad checksum
      wire.corruptNext(n);
      break;
    case 'wireNk': // every 3rd command answered $NK for a while
      wire.set({ nkEvery: 3 });
      await sleep(rng.between(1000, 5000));
      wire.set({ nkEvery: 0 });
      break;
  }
}
