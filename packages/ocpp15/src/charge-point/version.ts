import type { StateStore, TxRecord } from '@evse/ocppj';
import type WebSocket from 'ws';
import type { MeterReading, StationStatus } from '../station.js';
import { mapStatus } from '../status-map.js';
import { newEndpoint, type RpcEndpointImpl } from '../wire/rpc.js';
import type { Configuration } from './config.js';
import type { HandlerDeps } from './handlers.js';
import { installHandlers } from './handlers.js';
import { meterValue, type SampleOptions } from './meter-values.js';
import type { StopReason } from './types.js';

/** A connector status as a StatusNotification carries it (1.5 or 1.6 vocabulary). */
export interface StatusReport {
  readonly status: string;
  readonly errorCode: string;
  readonly info?: string;
  readonly vendorErrorCode?: string;
}

/** What the charge point knows of connector 1 beyond the station's own status. */
export interface StatusFacts {
  readonly inoperative0: boolean;
  readonly inoperative1: boolean;
  readonly reserved: boolean;
  readonly gated: boolean;
  /** `pending` from an authorization until the start, `running` until the stop. */
  readonly transaction: 'none' | 'pending' | 'running';
}

/** The end of a transaction, for the version's StopTransaction.req. */
export interface StopData {
  readonly tx: TxRecord;
  readonly idTag: string;
  readonly timestamp: string;
  readonly meterStop: number;
  readonly reason: StopReason;
  /** The Transaction.End reading and how to sample it, when the meter could be read. */
  readonly end: { readonly reading: MeterReading; readonly sample: SampleOptions } | null;
}

/**
 * What differs between OCPP versions for the one charge point engine (src/charge-point/*):
 * the dialect and subprotocol, the status vocabulary, the MeterValues and StopTransaction
 * shapes, and the CS→CP handler table. Everything else — authorization gating and the arbiter
 * claim, the meter register, the local list and cache, reservations, availability, the
 * durable queue — is shared (internal; @evse/ocpp16 gives the 1.6 one).
 */
export interface ChargePointVersion {
  readonly subprotocol: string;
  /** The version's endpoint over an open socket (typed as 1.5's: the engine's own calls agree). */
  endpoint(ws: WebSocket, callTimeoutMs: number): RpcEndpointImpl;
  /** The heartbeat interval of a BootNotification.conf (1.5 `heartbeatInterval`, 1.6 `interval`). */
  bootInterval(conf: object): number;
  /** Connector 1's status. */
  connectorStatus(station: StationStatus, facts: StatusFacts): StatusReport;
  /** Connector 0 (the charge point as a whole) given connector 1's. */
  chargePointStatus(station: StationStatus, c1: StatusReport, facts: StatusFacts): StatusReport;
  /** A status that says the connector is free: held until the StopTransaction is answered. */
  frees(status: StatusReport): boolean;
  /** MeterValues.req for a sample of the running transaction, or null for no sample. */
  meterValues(tx: TxRecord, reading: MeterReading, sample: SampleOptions): object | null;
  /** StopTransaction.req (without transactionId: the queue adds it). */
  stopTransaction(stop: StopData): Record<string, unknown>;
  /** The configuration keys (1.5's CONFIG_KEYS when not given). */
  configuration?(store: StateStore, initial: Record<string, string>): Configuration;
  /** Register the CS→CP operations on a new endpoint. */
  install(ep: RpcEndpointImpl, deps: HandlerDeps): void;
}

/** OCPP 1.5J: SteVe's vocabulary (STEVE.md §3). */
export const VERSION_15: ChargePointVersion = {
  subprotocol: 'ocpp1.5',
  endpoint: (ws, callTimeoutMs) => newEndpoint(ws, { role: 'chargePoint', callTimeoutMs }),
  bootInterval: (conf) => (conf as { heartbeatInterval: number }).heartbeatInterval,
  connectorStatus: (s, f) =>
    mapStatus(s, {
      inoperative: f.inoperative0 || f.inoperative1,
      reserved: f.reserved,
      gated: f.gated,
    }),
  // Connector 0 is the charge point as a whole: it shares a fault, else shows availability.
  chargePointStatus: (s, c1, f) =>
    c1.status === 'Faulted'
      ? c1
      : {
          status: f.inoperative0 || s.state === 'disabled' ? 'Unavailable' : 'Available',
          errorCode: 'NoError',
        },
  frees: (s) => s.status !== 'Occupied' && s.status !== 'Faulted',
  meterValues(tx, r, sample) {
    const mv = meterValue(r, sample);
    return mv ? { connectorId: tx.connectorId, values: [mv] } : null;
  },
  stopTransaction({ tx, idTag, timestamp, meterStop, end }) {
    const last = end ? meterValue(end.reading, end.sample) : null;
    const measured = end !== null && (end.sample.measurands?.length ?? 1) > 0;
    const begin = {
      timestamp: tx.startedAt,
      value: [
        {
          value: String(tx.meterStart),
          context: 'Transaction.Begin',
          measurand: 'Energy.Active.Import.Register',
          unit: 'Wh',
        },
      ],
    };
    return {
      idTag,
      timestamp,
      meterStop,
      ...(last && measured ? { transactionData: [{ values: [begin, last] }] } : {}),
    };
  },
  install: installHandlers,
};
