/**
 * The live side of the dashboard: subscribes to the sources once, keeps a short history for
 * pages that connect later, and pushes changes to every open page as Server-Sent Events,
 * batched (one write per `batchMs`) so a busy fleet or a chatty serial line cannot flood a
 * browser. A page that cannot keep up is disconnected; EventSource reconnects and gets a
 * fresh `init`.
 */
import type { ServerResponse } from 'node:http';
import { machineToJson } from '@evse/core';
import type { Observable, Subscription } from 'rxjs';
import { createOcppDescriber } from './describe-ocpp.js';
import { createRapiDescriber } from './describe-rapi.js';
import type {
  DashboardClaims,
  DashboardLimit,
  DashboardMeter,
  DashboardSources,
  DashboardStatus,
  FleetRow,
} from './types.js';
import {
  type DashboardSnapshot,
  type LastTransition,
  type MeterPoint,
  type OcppLine,
  type RapiLine,
  stateId,
  toMeterPoint,
  toMillis,
} from './wire-types.js';

/** Options of the hub (and of `createDashboardHandler`). */
export interface HubOptions {
  /** Longest wait between a change and its push, in ms. @default 200 */
  readonly batchMs?: number;
  /** Traffic lines and meter points kept for pages that connect later. @default 500 */
  readonly historySize?: number;
  /** A page with more than this many bytes unsent is dropped (it reconnects). @default 8 MiB */
  readonly maxBufferedBytes?: number;
}

/** The hub: attach pages, close. */
export interface Hub {
  /** Stream events to `res` (already an SSE response) until it closes. */
  attach(res: ServerResponse): void;
  /** What the page shows now, without history (`GET /dashboard/status`). */
  snapshot(): DashboardSnapshot;
  close(): void;
}

interface Pending {
  status: DashboardStatus | null;
  transition: LastTransition | null;
  meter: MeterPoint[];
  rapi: RapiLine[];
  ocpp: OcppLine[];
  fleet: Map<string, FleetRow>;
  claims: DashboardClaims | null;
  ocppProtocol: string | null;
  /** The limit changed (to a limit or to null). */
  limit: boolean;
}

const empty = (): Pending => ({
  status: null,
  transition: null,
  meter: [],
  rapi: [],
  ocpp: [],
  fleet: new Map(),
  claims: null,
  ocppProtocol: null,
  limit: false,
});

/** Subscribe to `sources` and serve their events to attached pages. */
export function createHub(sources: DashboardSources, options: HubOptions = {}): Hub {
  const batchMs = options.batchMs ?? 200;
  const historySize = options.historySize ?? 500;
  const maxBuffered = options.maxBufferedBytes ?? 8 * 1024 * 1024;
  const chart = sources.chart ?? machineToJson();
  const clients = new Set<ServerResponse>();
  const subs: Subscription[] = [];

  let status: DashboardStatus | null = null;
  let transition: LastTransition | null = null;
  const meter: MeterPoint[] = [];
  const rapi: RapiLine[] = [];
  const ocpp: OcppLine[] = [];
  const fleet = new Map<string, FleetRow>();
  let claims: DashboardClaims | null = null;
  let ocppProtocol: string | null = null;
  let limit: DashboardLimit | null = null;
  let pending = empty();
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const keep = <T>(list: T[], item: T) => {
    list.push(item);
    if (list.length > historySize) list.splice(0, list.length - historySize);
  };
  const schedule = () => {
    if (timer === null && !closed) timer = setTimeout(flush, batchMs);
  };

  const station = sources.station;
  if (station) {
    subs.push(
      station.status$.subscribe((next) => {
        if (status !== null && stateId(status) !== stateId(next)) {
          transition = { from: stateId(status), to: stateId(next), at: Date.now() };
          pending.transition = transition;
        }
        status = next;
        pending.status = next;
        schedule();
      }),
    );
    if (station.meter$) {
      subs.push(
        station.meter$.subscribe((reading: DashboardMeter) => {
          const point = toMeterPoint(reading);
          keep(meter, point);
          pending.meter.push(point);
          schedule();
        }),
      );
    }
  }
  if (sources.rapiTraffic$) {
    const describer = createRapiDescriber();
    subs.push(
      sources.rapiTraffic$.subscribe((t) => {
        const line: RapiLine = {
          dir: t.direction,
          line: t.line,
          at: toMillis(t.at),
          info: describer.describe(t.direction, t.line),
        };
        keep(rapi, line);
        pending.rapi.push(line);
        schedule();
      }),
    );
  }
  if (sources.ocppTraffic$) {
    const describer = createOcppDescriber();
    subs.push(
      sources.ocppTraffic$.subscribe((t) => {
        const line: OcppLine = {
          dir: t.direction,
          text: t.text,
          at: toMillis(t.at),
          ...describer.describe(t.text),
        };
        keep(ocpp, line);
        pending.ocpp.push(line);
        schedule();
      }),
    );
  }
  if (sources.fleet$) {
    subs.push(
      sources.fleet$.subscribe((rows) => {
        let changed = false;
        for (const row of rows) {
          // Sources may re-emit every row periodically; only real changes go to the pages.
          const before = fleet.get(row.id);
          if (before !== undefined && sameRow(before, row)) continue;
          fleet.set(row.id, row);
          pending.fleet.set(row.id, row);
          changed = true;
        }
        if (changed) schedule();
      }),
    );
  }

  // Sources of one latest value: keep it for new pages, mark it for the next push.
  const follow = <T>(source$: Observable<T> | undefined, take: (next: T) => void): void => {
    if (source$)
      subs.push(
        source$.subscribe((next) => {
          take(next);
          schedule();
        }),
      );
  };
  follow(sources.claims$, (next) => {
    claims = next;
    pending.claims = next;
  });
  follow(sources.ocppProtocol$, (next) => {
    ocppProtocol = next;
    pending.ocppProtocol = next;
  });
  follow(sources.limit$, (next) => {
    limit = next;
    pending.limit = true;
  });

  const send = (res: ServerResponse, text: string) => {
    if (res.writableLength > maxBuffered) {
      res.end();
      return;
    }
    res.write(text);
  };
  const event = (name: string, data: unknown) =>
    `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

  function flush(): void {
    timer = null;
    const p = pending;
    pending = empty();
    let text = '';
    if (p.status) text += event('status', { status: p.status, transition: p.transition });
    if (p.meter.length) text += event('meter', p.meter);
    if (p.rapi.length) text += event('rapi', p.rapi);
    if (p.ocpp.length) text += event('ocpp', p.ocpp);
    if (p.fleet.size) text += event('fleet', [...p.fleet.values()]);
    if (p.claims) text += event('claims', p.claims);
    if (p.ocppProtocol !== null) text += event('ocppProtocol', p.ocppProtocol);
    if (p.limit) text += event('limit', limit);
    if (text) for (const res of clients) send(res, text);
  }

  return {
    attach(res) {
      // Pending changes go to the pages already open; `init` below already holds them.
      if (timer !== null) {
        clearTimeout(timer);
        flush();
      }
      clients.add(res);
      res.on('close', () => clients.delete(res));
      send(
        res,
        event('init', {
          title: sources.title ?? 'evse dashboard',
          controls: sources.controls ?? 'none',
          cardTag: sources.cardTag ?? '',
          panels: {
            station: station !== undefined,
            meter: station?.meter$ !== undefined,
            rapi: sources.rapiTraffic$ !== undefined,
            ocpp: sources.ocppTraffic$ !== undefined,
            fleet: sources.fleet$ !== undefined,
            claims: sources.claims$ !== undefined,
            limit: sources.limit$ !== undefined,
          },
          chart,
          status,
          transition,
          meter,
          rapi,
          ocpp,
          fleet: [...fleet.values()],
          claims,
          ocppProtocol,
          limit,
        }),
      );
    },
    snapshot: () => ({
      title: sources.title ?? 'evse dashboard',
      status,
      transition,
      ocppProtocol,
      limit,
      claims,
    }),
    close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      for (const sub of subs) sub.unsubscribe();
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}

function sameRow(a: FleetRow, b: FleetRow): boolean {
  return (
    a.state === b.state &&
    a.transactionId === b.transactionId &&
    a.energyWh === b.energyWh &&
    (a.fault ?? null) === (b.fault ?? null)
  );
}
