/**
 * The status model: what the module knows of its station (WIFI-API.md §3–4), kept up to date
 * from the station's mirror and meter, turned into `/status` by the key table, and every change
 * as an event (the changed keys) for `/ws` and MQTT.
 */
import type { MeterReading, Station, StationStatus } from '@evse/core';
import { filter, merge, type Observable, Subject, type Subscription } from 'rxjs';
import type { ClaimBook } from './claims.js';
import { CLIENTS } from './clients.js';
import type { ConfigStore } from './config.js';
import { createLimitKeeper, type LimitKeeper } from './limit.js';
import { changedKeys, type ModuleView, type StatusValue, statusObject } from './status-keys.js';

/** What the model reads of a station: core's `Station` fits. */
export type ModuleStation = Pick<
  Station,
  'status$' | 'getStatus' | 'readMeter' | 'info' | 'client' | 'reset'
>;

export type MqttState = ModuleView['mqtt'];

export interface StatusModel {
  view(): ModuleView;
  status(): Record<string, StatusValue>;
  /** Each change: the keys that changed (a 30 s tick sends them all). Hot. */
  readonly events$: Observable<Record<string, StatusValue>>;
  readonly limit: LimitKeeper;
  /** Controller firmware from `$GV`, once known. */
  firmware(): string;
  setMqtt(state: MqttState): void;
  /** Re-read the meter and emit what changed. */
  refresh(): Promise<void>;
  close(): void;
}

export interface StatusModelOptions {
  readonly station: ModuleStation;
  readonly book: ClaimBook;
  readonly config: ConfigStore;
  readonly mac: string;
  readonly ip: string;
  /** Whether an OCPP connection is up (the bridge's charge point). */
  readonly ocppConnected?: () => boolean;
  /** Meter poll while charging, ms (the module's 1 s). */
  readonly pollMs?: number;
  /** Full status event period, ms (the module's 30 s). */
  readonly fullMs?: number;
}

const hexFields = (fields: readonly string[]) => fields.map((f) => Number.parseInt(f, 16) || 0);

export function createStatusModel(o: StatusModelOptions): StatusModel {
  const { station, book, config } = o;
  const started = Date.now();
  const events = new Subject<Record<string, StatusValue>>();
  let meter: MeterReading | null = null;
  let capacity: ModuleView['capacity'] = null;
  let faults = { gfci: 0, noGround: 0, stuck: 0 };
  let serviceLevel: 1 | 2 = 2;
  let firmware = '';
  let evseConnected = false;
  let mqtt: MqttState = { connected: false, status: 'disabled' };
  let elapsedS = 0;
  let chargingSince: number | null = null;
  let tempMaxC: number | null = null;
  let last: Record<string, StatusValue> = {};
  let closed = false;
  const comm = { sent: 0, success: 0 };

  const limit = createLimitKeeper(book, () => emit());

  const sessionS = () =>
    elapsedS + (chargingSince === null ? 0 : (Date.now() - chargingSince) / 1000);

  const view = (): ModuleView => {
    const target = book.target();
    return {
      station: station.getStatus(),
      meter,
      capacity,
      faults,
      serviceLevel,
      evseConnected,
      target: target?.state ?? (config.get('default_state') === false ? 'disabled' : 'active'),
      manualOverride: book.get(CLIENTS.manual.id) !== undefined,
      limitSet: limit.get() !== null,
      sessionElapsedS: sessionS(),
      tempMaxC,
      versions: {
        config: config.version,
        claims: book.claimsVersion,
        override: book.overrideVersion,
        limit: limit.version,
      },
      mqtt,
      ocppConnected: o.ocppConnected?.() ?? false,
      comm,
      now: new Date(),
      uptimeS: Math.floor((Date.now() - started) / 1000),
      ip: o.ip,
      mac: o.mac,
    };
  };

  function emit(full = false): void {
    if (closed) return;
    const now = statusObject(view());
    const delta = full ? now : changedKeys(last, now);
    last = now;
    if (Object.keys(delta).length > 0) events.next(delta);
  }

  /** `$GC`, `$GE`, `$GF` and `$GV`: read at start and after each controller boot (§4). */
  async function readSettings(): Promise<void> {
    const req = (cmd: string) => station.client.request(cmd).catch(() => null);
    const gc = await req('GC');
    if (gc) {
      const [min = 6, maxHard = 80, , maxSoft = maxHard] = gc.fields.map(Number);
      capacity = { min, maxHard, maxSoft };
    }
    const ge = await req('GE');
    if (ge) serviceLevel = (hexFields(ge.fields)[1] ?? 1) & 1 ? 2 : 1;
    const gf = await req('GF');
    if (gf) {
      const [gfci = 0, noGround = 0, stuck = 0] = hexFields(gf.fields);
      faults = { gfci, noGround, stuck };
    }
    const info = await station.info().catch(() => null);
    if (info) {
      firmware = info.firmwareVersion;
      evseConnected = true;
    }
  }

  async function refresh(): Promise<void> {
    const m = await station.readMeter().catch(() => null);
    if (m) {
      meter = m;
      if (m.temperatureC !== null && (tempMaxC === null || m.temperatureC > tempMaxC)) {
        tempMaxC = m.temperatureC;
      }
      limit.check({
        charging: station.getStatus().evseState === 3,
        elapsedS: sessionS(),
        energyWh: m.sessionWs / 3600,
      });
    }
    emit();
  }

  let prev: StationStatus = station.getStatus();
  const onStatus = (s: StationStatus) => {
    const now = Date.now();
    if (s.evseState === 3 && chargingSince === null) chargingSince = now;
    if (s.evseState !== 3 && chargingSince !== null) {
      elapsedS += (now - chargingSince) / 1000;
      chargingSince = null;
    }
    if (prev.evConnected === true && s.evConnected === false) {
      // Session end (WIFI-API.md §7.3): auto-release claims go, the session meter restarts.
      elapsedS = 0;
      tempMaxC = null;
      book.sessionEnded();
      limit.sessionEnded();
    }
    if (s.state === 'fault' && prev.state !== 'fault') void readSettings().then(() => emit());
    prev = s;
    emit();
    void refresh();
  };

  const subs: Subscription[] = [
    station.status$.subscribe(onStatus),
    book.changes$.subscribe(() => emit()),
    station.client.traffic$.subscribe((t) => {
      if (t.direction === 'tx') comm.sent++;
      else if (t.line.startsWith('$OK')) comm.success++;
    }),
    merge(station.client.events$.pipe(filter((f) => f.type === 'AB'))).subscribe(() => {
      void readSettings().then(() => emit());
    }),
  ];
  const poll = setInterval(() => {
    if (station.getStatus().evseState === 3) void refresh();
  }, o.pollMs ?? 1000);
  const full = setInterval(() => {
    void refresh().then(() => emit(true));
  }, o.fullMs ?? 30_000);
  poll.unref();
  full.unref();
  void readSettings().then(refresh);

  return {
    view,
    status: () => statusObject(view()),
    events$: events.asObservable(),
    limit,
    firmware: () => firmware,
    setMqtt(state) {
      mqtt = state;
      emit();
    },
    refresh,
    close() {
      if (closed) return;
      closed = true;
      clearInterval(poll);
      clearInterval(full);
      for (const s of subs) s.unsubscribe();
      events.complete();
    },
  };
}
