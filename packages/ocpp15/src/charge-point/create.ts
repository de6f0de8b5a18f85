import { join } from 'node:path';
import { BehaviorSubject, Subject } from 'rxjs';
import { createStateStore } from '../queue/state-store.js';
import { createTxQueue } from '../queue/tx-queue.js';
import type { RpcEndpoint } from '../wire/rpc.js';
import { createConfiguration } from './config.js';
import { createConnector } from './connector.js';
import { type Ctx, report } from './context.js';
import { startDelivery } from './delivery.js';
import { installHandlers } from './handlers.js';
import { startLink } from './link.js';
import { createMaintenance } from './maintenance.js';
import { createReservations } from './reservation.js';
import { createStatusPublisher } from './status.js';
import type { ChargePoint, ChargePointEvent, ChargePointOptions } from './types.js';

/** SteVe's default chargeBoxId rule (STEVE.md §1.1): non-empty, no `= / ( ) < >`, no outer blanks. */
const CHARGE_BOX_ID = /^[^=/()<>\s](?:[^=/()<>]*[^=/()<>\s])?$/;

function checkOptions(o: ChargePointOptions): void {
  if (typeof o.url !== 'string' || !/^wss?:\/\//.test(o.url))
    throw new TypeError('url: must be a ws:// or wss:// URL');
  if (typeof o.chargeBoxId !== 'string' || !CHARGE_BOX_ID.test(o.chargeBoxId))
    throw new TypeError(
      'chargeBoxId: must be non-empty, without = / ( ) < > or surrounding blanks',
    );
  if (typeof o.vendor !== 'string' || o.vendor === '' || o.vendor.length > 20)
    throw new TypeError('vendor: must be 1 to 20 characters (BootNotification chargePointVendor)');
  if (typeof o.model !== 'string' || o.model === '' || o.model.length > 20)
    throw new TypeError('model: must be 1 to 20 characters (BootNotification chargePointModel)');
  if (o.freeVendTag !== undefined && (o.freeVendTag === '' || o.freeVendTag.length > 20))
    throw new TypeError('freeVendTag: must be 1 to 20 characters (OCPP 1.5 IdToken)');
  if (!o.station || typeof o.station.getStatus !== 'function')
    throw new TypeError('station: must be a Station');
}

/**
 * Create an OCPP 1.5J charge point that drives `station` and talks to the central system at
 * `<url>/<chargeBoxId>`. It connects at once and keeps reconnecting until `close()`.
 * Throws a TypeError for bad options and a StoreError when `dataDir` holds damaged files.
 * @example
 * const cp = createChargePoint({ url: 'ws://127.0.0.1:8080/steve/websocket/CentralSystemService',
 *   chargeBoxId: 'EVSE-1', station, vendor: 'OpenEVSE', model: 'v5', dataDir: './cp-data' });
 * cp.events$.subscribe((e) => console.log(e.type));
 * await cp.authorize('TAG-1');
 */
export function createChargePoint(opts: ChargePointOptions): ChargePoint {
  checkOptions(opts);
  const queue = createTxQueue(opts.dataDir ? { file: join(opts.dataDir, 'queue.jsonl') } : {});
  const store = createStateStore(opts.dataDir ? join(opts.dataDir, 'state.json') : undefined);
  const config = createConfiguration(store, { ...opts.config, ChargePointId: opts.chargeBoxId });
  const events = new Subject<ChargePointEvent>();
  const ctx: Ctx = {
    opts,
    station: opts.station,
    config,
    store,
    queue,
    events,
    ready$: new BehaviorSubject<RpcEndpoint | null>(null),
    clockOffsetMs: 0,
  };

  const statusChanged = (): void => status.publish(false);
  const connector = createConnector(ctx, {
    authorizeRemote: async (idTag) => {
      const ep = ctx.ready$.value;
      if (!ep) throw new Error('offline');
      return (await ep.call('Authorize', { idTag })).idTagInfo;
    },
    kick: () => delivery.kick(),
    statusChanged,
    afterStop: () => maintenance.afterTransaction(),
    reservation: () => reservations.current(),
    consumeReservation: () => reservations.consume(),
  });
  const maintenance = createMaintenance(ctx, connector, {
    reboot: () => link.reboot(),
    statusChanged,
  });
  const reservations = createReservations(ctx, () => maintenance.inoperative(), statusChanged);
  const status = createStatusPublisher(
    ctx,
    () => {
      const a = store.get().availability;
      return {
        inoperative0: maintenance.inoperative() && a['0'] === 'Inoperative',
        inoperative1: maintenance.inoperative() && a['1'] === 'Inoperative',
        reserved: reservations.current() !== null,
      };
    },
    // StopTransaction before the status that frees the connector (STEVE.md §5.2).
    () => connector.current() !== null || queue.has('StopTransaction'),
  );
  // A held status goes out once the StopTransaction is answered (or given up).
  const stopDone = events.subscribe((e) => {
    if ((e.type === 'delivered' || e.type === 'dropped') && e.action === 'StopTransaction')
      statusChanged();
  });

  connector.recover(); // transactions a killed process left open end now (STEVE.md §5.2)
  const delivery = startDelivery(ctx, (txRef, conf) => connector.startConfirmed(txRef, conf));
  // The station stays unable to charge until authorized (RAPI.md §4.10).
  opts.station.setAuthLock(true).catch((e: unknown) => report(ctx, e));
  if (maintenance.inoperative()) maintenance.applyAvailability();
  const stationSub = opts.station.status$.subscribe((s) => {
    connector.evaluate(s);
    statusChanged();
  });

  const link = startLink(
    ctx,
    (ep) =>
      installHandlers(ep, ctx, {
        connector,
        reservations,
        maintenance,
        heartbeatChanged: () => link.heartbeatChanged(),
        statusChanged,
      }),
    () => {
      status.publish(true);
      delivery.kick();
    },
  );

  let closing: Promise<void> | null = null;
  return {
    state$: link.state$.asObservable(),
    events$: events.asObservable(),
    traffic$: link.traffic$.asObservable(),
    authorize: (idTag) => connector.authorize(idTag),
    transactions: { current: () => connector.current(), queued: () => queue.pending },
    close() {
      closing ??= (async () => {
        stationSub.unsubscribe();
        stopDone.unsubscribe();
        connector.close();
        reservations.close();
        maintenance.close();
        await link.close();
        await delivery.close();
        queue.close();
        events.complete();
      })();
      return closing;
    },
  };
}
