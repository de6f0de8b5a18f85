/**
 * What a controller can do, as far as a station needs to know: its wire dialect (from `$GV`),
 * how it can see the plug while asleep, and what trying harmless getters found
 * (docs/protocol/FIELD-FIRMWARE.md §2 and "Implications").
 */
import type { RapiClient } from '../rapi/client.js';
import type { RapiDialect } from '../rapi/dialect.js';
import { RapiError } from '../rapi/errors.js';

/**
 * How `status.evConnected` stays right while the EVSE sleeps (state 0xFE, where the pilot
 * field is stale, FIELD-FIRMWARE.md §1):
 * - `'async'`: the controller sends `$AT` on plug and unplug (RAPI ≥ 5.1.0, D6.2.1).
 * - `'poll'`: the station polls every `sleepPollMs` — `$GS` (vflag 0x0100) on RAPI 5.0.x,
 *   `$G0` on RAPI < 5 (D4.6.0 on).
 * - `'none'`: it cannot be seen (RAPI < 5 without `$G0`, e.g. 3.x; or polling is off):
 *   `evConnected` is `null` while asleep.
 */
export type PlugDetection = 'async' | 'poll' | 'none';

/** The controller behind a station: read at open (`$GV`), widened by `probeFeatures()`. */
export interface StationCapabilities {
  /** `$GV` firmware text as reported (`D7.1.6`, `8.2.3.EU`: not a number). */
  readonly firmware: string;
  /** `$GV` protocol text, e.g. `5.2.1`. */
  readonly protocol: string;
  /** The wire dialect the client speaks to it (dialect.ts). */
  readonly dialect: RapiDialect;
  /** See `PlugDetection`. */
  readonly plugDetectionWhileAsleep: PlugDetection;
  /** `$G0` (EV connected 0/1/2) answers: tried at open on RAPI < 5, else by `probeFeatures()`; `null` until tried. */
  readonly evConnectedQuery: boolean | null;
  /**
   * `$G4` answers `$OK`: an AUTH_LOCK build, so `$S4` gates charging (FIELD-FIRMWARE.md
   * "Implications" 2); `null` until `probeFeatures()`.
   */
  readonly authLock: boolean | null;
  /** `$GD` answers `$OK`: the delay timer (`$ST` timer command) is built in; `null` until `probeFeatures()`. */
  readonly delayTimer: boolean | null;
}

/** How the plug is seen while asleep, given the dialect, whether `$G0` answers and the poll period. */
export function plugDetection(
  dialect: RapiDialect,
  evConnectedQuery: boolean | null,
  sleepPollMs: number,
): PlugDetection {
  if (dialect.atWhileSleeping) return 'async';
  if (sleepPollMs <= 0) return 'none';
  if (dialect.status === 'hex4') return 'poll';
  return evConnectedQuery === true ? 'poll' : 'none';
}

/**
 * Try a getter: `true` when it answers `$OK`, `false` on `$NK` (not in this firmware or build);
 * other failures (timeout, closed) are thrown. Only for getters: trying changes nothing.
 */
export async function tryGetter(client: RapiClient, code: 'G0' | 'G4' | 'GD'): Promise<boolean> {
  try {
    await client.request(code);
    return true;
  } catch (error) {
    if (error instanceof RapiError && error.code === 'NK') return false;
    throw error;
  }
}
