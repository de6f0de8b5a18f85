/**
 * The metrics every `/metrics` surface of `evse` exposes (fleet, bridge, central system),
 * defined once: names, help, labels. Each surface module (fleet.ts, bridge.ts, central.ts)
 * only says where the values come from (`MetricReaders`); they are read when Prometheus
 * scrapes, so nothing is counted twice and a surface pays nothing between scrapes. One
 * registry per server (never prom-client's global one), so several servers in one process
 * (tests, `evse demo`) do not clash. Node's default metrics come with it, among them the
 * event-loop lag (`nodejs_eventloop_lag_seconds` and its percentiles).
 */
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';

/** Where the values of one surface come from, read at each scrape. */
export interface MetricReaders {
  /** Stations (or connectors) per state, e.g. `{ charging: 3, sleeping: 7 }`. */
  stations(): Readonly<Record<string, number>>;
  /** Transactions since start, and open now. */
  transactions(): { readonly started: number; readonly stopped: number; readonly active: number };
  /** OCPP frames by direction (`tx` sent, `rx` received) and action (`CallResult`, `CallError` for answers). */
  messages(): Readonly<Record<'tx' | 'rx', Readonly<Record<string, number>>>>;
  /** Errors since start by cause (`connect`, `protocol`, …). */
  errors(): Readonly<Record<string, number>>;
  /** Transaction messages waiting for the central system; absent where there is no queue. */
  queue?(): number;
}

/** What a registry's `GET /metrics` needs. */
export interface MetricsSource {
  /** The exposition text. */
  metrics(): Promise<string>;
  /** Its content type (Prometheus text format 0.0.4). */
  readonly contentType: string;
}

/** Set a counter to an absolute total read from the source (counters only go up there). */
function setCounter(counter: Counter<string>, labels: Record<string, string>, total: number): void {
  counter.inc(labels, total);
}

/** A registry with the surface's metrics and Node's default ones; `surface` labels them all. */
export function createSurfaceRegistry(surface: string, read: MetricReaders): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ surface });
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'evse_stations',
    help: 'Stations by state (fleet, bridge: statechart state; central system: connected or not)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [state, n] of Object.entries(read.stations())) this.set({ state }, n);
    },
  });
  new Counter({
    name: 'evse_transactions_started_total',
    help: 'Transactions started (StartTransaction answered)',
    registers: [registry],
    collect() {
      this.reset();
      setCounter(this, {}, read.transactions().started);
    },
  });
  new Counter({
    name: 'evse_transactions_stopped_total',
    help: 'Transactions stopped (StopTransaction answered)',
    registers: [registry],
    collect() {
      this.reset();
      setCounter(this, {}, read.transactions().stopped);
    },
  });
  new Gauge({
    name: 'evse_transactions_active',
    help: 'Transactions open now',
    registers: [registry],
    collect() {
      this.set(read.transactions().active);
    },
  });
  new Counter({
    name: 'evse_ocpp_messages_total',
    help: 'OCPP frames by direction (tx sent, rx received) and action (CallResult/CallError for answers)',
    labelNames: ['direction', 'action'],
    registers: [registry],
    collect() {
      this.reset();
      const m = read.messages();
      for (const direction of ['tx', 'rx'] as const) {
        for (const [action, n] of Object.entries(m[direction])) {
          setCounter(this, { direction, action }, n);
        }
      }
    },
  });
  new Counter({
    name: 'evse_errors_total',
    help: 'Errors by cause',
    labelNames: ['cause'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [cause, n] of Object.entries(read.errors())) setCounter(this, { cause }, n);
    },
  });
  const { queue } = read;
  if (queue) {
    new Gauge({
      name: 'evse_queue_length',
      help: 'Transaction messages not yet delivered to the central system',
      registers: [registry],
      collect() {
        this.set(queue());
      },
    });
  }
  return registry;
}
