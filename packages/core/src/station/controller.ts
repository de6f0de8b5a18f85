/**
 * The controller half of a station (internal): what `$GV` says it can do (capabilities, the
 * RAPI < 5 status overlay) and the polls that keep the plug right while it sleeps where it
 * sends nothing then (docs/protocol/FIELD-FIRMWARE.md §2 and "Implications" 1, 5). A station
 * of RAPI ≥ 5.1.0 (every emulated one) does no extra work here.
 */
import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';
import type { RapiClient } from '../rapi/client.js';
import type { ControllerVersion } from '../rapi/version-probe.js';
import { plugDetection, type StationCapabilities, tryGetter } from './capabilities.js';
import { Mirror } from './mirror.js';
import type { StationStatus } from './types.js';

const SLEEPING = 0xfe;

/** The mirror plus capabilities and sleep polls; `StationImpl` extends it. */
export abstract class ControllerMirror extends Mirror {
  readonly #sleepPollMs: number;
  #capabilities: StationCapabilities | null = null;
  #features: Promise<StationCapabilities> | null = null;
  // Polling while asleep (PlugDetection 'poll' only): on while the EVSE sleeps.
  #pollAsleep = false;
  #sleepTimer: Subscription | null = null;
  #sleepPollBusy = false;
  #stopped = false;

  constructor(client: RapiClient, scheduler: SchedulerLike, sleepPollMs: number) {
    super(client, scheduler);
    this.#sleepPollMs = sleepPollMs;
  }

  /**
   * Take in what `$GV` said. RAPI < 5 reports only states, so the status overlays "unknown"
   * and `$G0` (D4.6.0 on) is tried once, as the only way to see the plug while asleep.
   */
  protected async adopt(version: ControllerVersion): Promise<void> {
    const dialect = version.dialect;
    let g0: boolean | null = null;
    if (dialect.status === 'dec2') g0 = await tryGetter(this.client, 'G0');
    const detection = plugDetection(dialect, g0, this.#sleepPollMs);
    this.#capabilities = {
      firmware: version.firmware,
      protocol: version.protocol,
      dialect,
      plugDetectionWhileAsleep: detection,
      evConnectedQuery: g0,
      authLock: null,
      delayTimer: null,
    };
    this.#pollAsleep = detection === 'poll';
    if (dialect.status === 'dec2') this.reportsStateOnly(detection === 'poll');
  }

  get capabilities(): StationCapabilities {
    // Set before `open` resolves, so a caller never sees null.
    return this.#capabilities as StationCapabilities;
  }

  /** Try the harmless getters `$G0`, `$G4`, `$GD` once and record what answers. */
  probeFeatures(): Promise<StationCapabilities> {
    this.#features ??= this.#probeFeatures();
    return this.#features;
  }

  async #probeFeatures(): Promise<StationCapabilities> {
    const caps = this.capabilities;
    const g0 = caps.evConnectedQuery ?? (await tryGetter(this.client, 'G0'));
    const authLock = await tryGetter(this.client, 'G4');
    const delayTimer = await tryGetter(this.client, 'GD');
    this.#capabilities = { ...caps, evConnectedQuery: g0, authLock, delayTimer };
    return this.#capabilities;
  }

  protected override statusChanged(prev: StationStatus, next: StationStatus): void {
    if (!this.#pollAsleep) return;
    const asleep = next.evseState === SLEEPING;
    if (asleep === (prev.evseState === SLEEPING)) return;
    this.#sleepTimer?.unsubscribe();
    this.#sleepTimer = null;
    if (asleep && !this.#stopped) {
      this.#sleepTimer = this.scheduler.schedule(
        ControllerMirror.#sleepTick,
        this.#sleepPollMs,
        this,
      );
    }
  }

  /** One poll while asleep: `$G0` on RAPI < 5, `$GS` on RAPI 5.0.x (no `$AT` while asleep). */
  static #sleepTick(this: SchedulerAction<ControllerMirror>, station?: ControllerMirror): void {
    if (station === undefined) return;
    if (!station.#sleepPollBusy) {
      station.#sleepPollBusy = true;
      void station
        .#pollAsleepOnce()
        .catch((error: unknown) => station.report(error))
        .then(() => {
          station.#sleepPollBusy = false;
        });
    }
    // biome-ignore lint/complexity/noThisInStatic: rxjs runs scheduled work with the action as `this`
    this.schedule(station, station.#sleepPollMs);
  }

  async #pollAsleepOnce(): Promise<void> {
    if (this.client.dialect.status === 'hex4') {
      await this.readState(false);
      return;
    }
    const answer = (await this.client.request('G0')).fields[0];
    // `2` = unknown (pilot at −12 V), v4.8.0 rapi_proc.cpp `G0`.
    this.setAsleepPlug(answer === '1' ? true : answer === '0' ? false : null);
  }

  /** Stop polling for good (at close). */
  protected stopSleepPoll(): void {
    this.#stopped = true;
    this.#sleepTimer?.unsubscribe();
    this.#sleepTimer = null;
  }
}
