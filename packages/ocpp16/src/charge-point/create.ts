import type { ChargePoint, ChargePointOptions } from '@evse/ocpp15';
import { createVersionedChargePoint } from '@evse/ocpp15/engine';
import type { Observable } from 'rxjs';
import type { ConfigKey16 } from '../config-keys.js';
import type { ActiveLimit } from '../smart/active.js';
import type { Configuration16 } from './config.js';
import { installHandlers16 } from './handlers.js';
import { measuredStation } from './measured-station.js';
import type { Parts16 } from './parts.js';
import { SmartCharging } from './smart.js';
import { Version16 } from './version.js';

/**
 * Options of `createChargePoint16`: those of @evse/ocpp15's `createChargePoint` (url,
 * chargeBoxId, station, arbiter, vendor, model, freeVendTag, dataDir, reconnect, security
 * profile `password`/`ca`/`cert`/`key`, …), with the 1.6 configuration keys.
 */
export interface ChargePoint16Options extends Omit<ChargePointOptions, 'config'> {
  /** Initial configuration values (persisted ChangeConfiguration values win). @default {} */
  readonly config?: Partial<Record<ConfigKey16, string>>;
}

/**
 * A running OCPP 1.6J charge point: the 1.5 `ChargePoint`'s shape (its `status` events carry
 * the 1.6 statuses: Preparing, Charging, SuspendedEV, …; status-map.ts) and the charging
 * limit smart charging applies.
 */
export interface ChargePoint16 extends ChargePoint {
  /**
   * The charging limit applied now (OCPP 1.6 §3.13: amps, paused below 6 A, the profile, until
   * when), or null when no profile limits the connector: the latest value at once, then each
   * change. Completes on `close()`.
   */
  readonly limit$: Observable<ActiveLimit | null>;
}

/**
 * Create an OCPP 1.6J charge point that drives `station` and talks to the central system at
 * `<url>/<chargeBoxId>` (subprotocol `ocpp1.6`). It is the 1.5 charge point's engine (auth
 * gating and the arbiter claim, the meter register, local list and cache, reservations,
 * availability, the durable queue) speaking 1.6, with smart charging and TriggerMessage.
 * Throws a TypeError for bad options and a StoreError when `dataDir` holds damaged files.
 * @example
 * const cp = createChargePoint16({ url: 'ws://127.0.0.1:8180/steve/websocket/CentralSystemService',
 *   chargeBoxId: 'EVSE-1', station, vendor: 'OpenEVSE', model: 'v5' });
 */
export function createChargePoint16(opts: ChargePoint16Options): ChargePoint16 {
  let parts: Parts16 | null = null;
  const version = new Version16((ep) => {
    if (parts) installHandlers16(ep, parts);
  });
  let smart: SmartCharging | null = null;
  const { station } = opts;
  const measured = measuredStation(station, (r) => smart?.voltage(r.voltageMv / 1000));
  const cp = createVersionedChargePoint(
    { ...opts, station: measured } as ChargePointOptions,
    version,
  );
  smart = new SmartCharging(cp);
  parts = {
    cp,
    version,
    config: cp.config as Configuration16,
    smart,
    publishStatus: () => cp.onReady(),
  };
  const stationSub = station.status$.subscribe((s) => smart?.station(s));
  const eventSub = cp.events$.subscribe((e) => smart?.event(e));
  smart.step(); // profiles kept in the state file apply from the start
  let closing: Promise<void> | null = null;
  return {
    get state$() {
      return cp.state$;
    },
    get events$() {
      return cp.events$;
    },
    get traffic$() {
      return cp.traffic$;
    },
    limit$: smart.limit$,
    get transactions() {
      return cp.transactions;
    },
    authorize: (idTag) => cp.authorize(idTag),
    close() {
      closing ??= (async () => {
        stationSub.unsubscribe();
        eventSub.unsubscribe();
        smart?.close();
        await cp.close();
      })();
      return closing;
    },
  };
}
