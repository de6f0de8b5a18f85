import { join } from 'node:path';
import { type Arbiter, type ArbiterStation, createArbiter } from '@evse/core';
import {
  checkSecurityOptions,
  createStateStore,
  createTxQueue,
  type Delivery,
  type IdTagInfo,
  type RpcTraffic,
  type SetAsideJournal,
  type StateStore,
  startDelivery,
  type TxAction,
  type TxQueue,
  type TxRecord,
} from '@evse/ocppj';
import { type Observable, Subject, type Subscription } from 'rxjs';
import type { GateLike, StationLike, StationStatus } from '../station.js';
import type { RpcEndpoint, RpcEndpointImpl } from '../wire/rpc.js';
import { type Configuration, createConfiguration } from './config.js';
import { type Connector, createConnector } from './connector.js';
import { type Ctx, OWN_PAYLOAD, report } from './context.js';
import type { HandlerDeps } from './handlers.js';
import { type Link, startLink } from './link.js';
import { createMaintenance, type Maintenance } from './maintenance.js';
import { createReservations, type Reservations } from './reservation.js';
import { createStatusPublisher, type StatusPublisher } from './status.js';
import type { ChargePoint, ChargePointEvent, ChargePointOptions } from './types.js';
import { type ChargePointVersion, type StatusFacts, VERSION_15 } from './version.js';

/** SteVe's default chargeBoxId rule (STEVE.md §1.1): non-empty, no `= / ( ) < >`, no outer blanks. */
const CHARGE_BOX_ID = /^[^=/()<>\s](?:[^=/()<>]*[^=/()<>\s])?$/;

function checkOptions(o: ChargePointOptions): void {
  if (typeof o.url !== 'string' || !/^wss?:\/\//.test(o.url))
    throw new TypeError('url: must be a ws:// or wss:// URL');
  if (typeof o.chargeBoxId !== 'string' || !CHARGE_BOX_ID.test(o.chargeBoxId))
    throw new TypeError(
      'chargeBoxId: must be non-empty, without = / ( ) < > or surrounding blanks',
    );
  checkSecurityOptions(o);
  if (typeof o.vendor !== 'string' || o.vendor === '' || o.vendor.length > 20)
    throw new TypeError('vendor: must be 1 to 20 characters (BootNotification chargePointVendor)');
  if (typeof o.model !== 'string' || o.model === '' || o.model.length > 20)
    throw new TypeError('model: must be 1 to 20 characters (BootNotification chargePointModel)');
  if (o.freeVendTag !== undefined && (o.freeVendTag === '' || o.freeVendTag.length > 20))
    throw new TypeError('freeVendTag: must be 1 to 20 characters (OCPP 1.5 IdToken)');
  if (!o.station || typeof o.station.getStatus !== 'function')
    throw new TypeError('station: must be a Station');
  if (o.arbiter !== undefined && typeof o.arbiter?.claim !== 'function')
    throw new TypeError("arbiter: must be core's Arbiter (createArbiter(station))");
  if (o.arbiter === undefined && !isArbiterStation(o.station))
    throw new TypeError(
      "arbiter: required when station is not core's Station (the charge point gates charging through it)",
    );
}

/** Core's Station: what `createArbiter` drives. */
const isArbiterStation = (s: StationLike): s is StationLike & ArbiterStation =>
  typeof (s as Partial<ArbiterStation>).resync === 'function' &&
  typeof (s as Partial<ArbiterStation>).client?.request === 'function';

/** `transactions` of a charge point: a view with prototype methods, made on first use. */
class Transactions {
  readonly #cp: ChargePointImpl;
  constructor(cp: ChargePointImpl) {
    this.#cp = cp;
  }
  current(): TxRecord | null {
    return this.#cp.connector.current();
  }
  queued(): number {
    return this.#cp.queue.pending;
  }
  queuedByAction(): Record<TxAction, number> {
    return this.#cp.queue.pendingByAction();
  }
  setAside(): SetAsideJournal | null {
    return this.#cp.queue.setAside;
  }
}

/** The observer of the station's status$: an object rxjs uses as is (no closure, no wrapper). */
class StationWatch {
  readonly #cp: ChargePointImpl;
  constructor(cp: ChargePointImpl) {
    this.#cp = cp;
  }
  next(s: StationStatus): void {
    this.#cp.onStationStatus(s);
  }
}

/**
 * One charge point: the shared context of its parts and the hooks they call back. A class,
 * so a fleet of 10,000 shares one copy of each method instead of ~70 closures per station.
 */
class ChargePointImpl implements ChargePoint, Ctx {
  readonly opts: ChargePointOptions;
  readonly version: ChargePointVersion;
  readonly station: StationLike;
  readonly gate: GateLike;
  /** The arbiter this charge point made (and so starts and closes), if it made one. */
  readonly #ownArbiter: Arbiter | null;
  readonly config: Configuration;
  readonly store: StateStore;
  readonly queue: TxQueue;
  readonly events = new Subject<ChargePointEvent>();
  ready: RpcEndpoint | null = null;
  clockOffsetMs = 0;
  readonly connector: Connector;
  readonly maintenance: Maintenance;
  readonly reservations: Reservations;
  readonly #status: StatusPublisher;
  readonly #delivery: Delivery;
  readonly #link: Link;
  readonly #stationSub: Subscription;
  #stopping = false;
  #closing: Promise<void> | null = null;
  #events$: Observable<ChargePointEvent> | null = null;
  #state$: Observable<0 | 1 | 2 | 3> | null = null;
  #transactions: Transactions | null = null;

  constructor(opts: ChargePointOptions, version: ChargePointVersion) {
    this.opts = opts;
    this.version = version;
    this.station = opts.station;
    const station = opts.station;
    this.#ownArbiter =
      opts.arbiter === undefined && isArbiterStation(station) ? createArbiter(station) : null;
    this.gate = opts.arbiter ?? (this.#ownArbiter as Arbiter);
    this.queue = createTxQueue(opts.dataDir ? { file: join(opts.dataDir, 'queue.jsonl') } : {});
    this.store = createStateStore(opts.dataDir ? join(opts.dataDir, 'state.json') : undefined);
    this.config = (version.configuration ?? createConfiguration)(this.store, {
      ...opts.config,
      ChargePointId: opts.chargeBoxId,
    });
    this.connector = createConnector(this, this);
    this.maintenance = createMaintenance(this, this.connector, this);
    this.reservations = createReservations(this, this);
    this.#status = createStatusPublisher(this, this);

    this.#delivery = startDelivery(this, this.connector);
    // No charging until authorized: the OCPP claim starts disabled (FIELD-FIRMWARE.md §1).
    this.connector.regate();
    this.#ownArbiter?.start().catch((e: unknown) => report(this, e));
    // Transactions a killed process left open end now (STEVE.md §5.2), at the register read
    // after the $FS above: no energy flows after the reading.
    this.connector.recover();
    this.#stationSub = opts.station.status$.subscribe(new StationWatch(this));
    this.#link = startLink(this, this);
  }

  emit(event: ChargePointEvent): void {
    // A held status goes out once the StopTransaction is answered (or given up).
    if (
      !this.#stopping &&
      (event.type === 'delivered' || event.type === 'dropped') &&
      event.action === 'StopTransaction'
    )
      this.statusChanged();
    this.events.next(event);
  }

  /** The station's status changed (internal: StationWatch). */
  onStationStatus(s: StationStatus): void {
    this.connector.evaluate(s);
    this.statusChanged();
  }

  // ---- hooks of the parts ----

  statusChanged(): void {
    this.#status.publish(false);
  }

  async authorizeRemote(idTag: string): Promise<IdTagInfo> {
    const ep = this.ready;
    if (!ep) throw new Error('offline');
    return (await ep.call('Authorize', { idTag }, OWN_PAYLOAD)).idTagInfo;
  }

  kick(): void {
    this.#delivery.kick();
  }

  afterStop(): void {
    this.maintenance.afterTransaction();
  }

  reservation(): { idTag: string; parentIdTag?: string; reservationId: number } | null {
    return this.reservations.current();
  }

  consumeReservation(): void {
    this.reservations.consume();
  }

  inoperative(): boolean {
    return this.maintenance.inoperative();
  }

  reboot(): void {
    this.#link.reboot();
  }

  bootNow(): void {
    this.#link.bootNow();
  }

  heartbeatChanged(): void {
    this.#link.heartbeatChanged();
  }

  statusOverrides(): StatusFacts {
    const a = this.store.get().availability;
    const inoperative = this.maintenance.inoperative();
    return {
      inoperative0: inoperative && a['0'] === 'Inoperative',
      inoperative1: inoperative && a['1'] === 'Inoperative',
      reserved: this.reservations.current() !== null,
      // Every sleep of the station is the OCPP gate's (held until authorization, or for a
      // moment until the arbiter's $FE): the connector is free, not out of service.
      gated: true,
      transaction:
        this.connector.current() !== null
          ? 'running'
          : this.connector.pendingAuth()
            ? 'pending'
            : 'none',
    };
  }

  // StopTransaction before the status that frees the connector (STEVE.md §5.2).
  closing(): boolean {
    return this.connector.current() !== null || this.queue.has('StopTransaction');
  }

  install(ep: RpcEndpointImpl): void {
    this.version.install(ep, this);
  }

  setReady(ep: RpcEndpointImpl | null): void {
    this.ready = ep;
    this.#delivery.kick(); // the queue may move now (or wait for the next connection)
  }

  onReady(): void {
    this.#status.publish(true);
    this.#delivery.kick();
  }

  // ---- the public ChargePoint ----

  get state$(): Observable<0 | 1 | 2 | 3> {
    this.#state$ ??= this.#link.state$.asObservable();
    return this.#state$;
  }

  get events$(): Observable<ChargePointEvent> {
    this.#events$ ??= this.events.asObservable();
    return this.#events$;
  }

  get traffic$(): Observable<RpcTraffic> {
    return this.#link.traffic$;
  }

  get transactions(): ChargePoint['transactions'] {
    this.#transactions ??= new Transactions(this);
    return this.#transactions;
  }

  authorize(idTag: string): Promise<IdTagInfo> {
    return this.connector.authorize(idTag);
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#stationSub.unsubscribe();
      this.#stopping = true;
      this.connector.close();
      this.#ownArbiter?.close();
      this.reservations.close();
      this.maintenance.close();
      await this.#link.close();
      await this.#delivery.close();
      this.queue.close();
      this.events.complete();
    })();
    return this.#closing;
  }
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
  return createVersionedChargePoint(opts, VERSION_15);
}

/**
 * The one charge point engine speaking `version` (internal: `@evse/ocpp15/engine`, for
 * @evse/ocpp16's `createChargePoint16`). Returns the engine itself, whose parts the version
 * may drive (its gate, store, connector, events).
 */
export function createVersionedChargePoint(
  opts: ChargePointOptions,
  version: ChargePointVersion,
): ChargePointEngine {
  checkOptions(opts);
  return new ChargePointImpl(opts, version);
}

/** The engine as a version sees it (internal). */
export type ChargePointEngine = ChargePoint &
  HandlerDeps & {
    /** StatusNotification for both connectors now, and the queue moved (as after a boot). */
    onReady(): void;
    /** BootNotification now, ending a Pending/Rejected wait (TriggerMessage, OCPP 1.6 §5.17). */
    bootNow(): void;
  };
