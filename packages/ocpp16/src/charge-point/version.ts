import type { MeterReading, StopReason } from '@evse/ocpp15';
import {
  beginSample,
  type ChargePointVersion,
  type Configuration,
  type RpcEndpointImpl as Endpoint15,
  type HandlerDeps,
  type SampleOptions,
  type StatusFacts,
  type StatusReport,
  type StopData,
  sampledValues,
} from '@evse/ocpp15/engine';
import { RpcEndpointImpl } from '@evse/ocppj';
import type WebSocket from 'ws';
import { SUBPROTOCOL_16 } from '../messages/actions.js';
import type { MeterValue } from '../messages/common.js';
import { OCPP16 } from '../messages/dialect.js';
import type { StopReason as StopReason16 } from '../messages/enums.js';
import { mapChargePointStatus16, mapStatus16 } from '../status-map.js';
import { type Configuration16, configuration16 } from './config.js';

/** OCPP 1.6J as a dialect of @evse/ocppj's endpoint. */

/** 1.6 spells the units `A` and `V` where 1.5 had `Amp` and `Volt` (messages/enums.ts). */
const UNIT_16: Readonly<Record<string, string>> = { Amp: 'A', Volt: 'V' };

/** A 1.6 MeterValue for one reading (the 1.5 samples in 1.6 units), or null without samples. */
export function meterValue16(r: MeterReading, o: SampleOptions): MeterValue | null {
  const sampledValue = sampledValues(r, o).map((v) =>
    v.unit !== undefined && UNIT_16[v.unit] ? { ...v, unit: UNIT_16[v.unit] } : v,
  );
  if (sampledValue.length === 0) return null;
  return { timestamp: (o.at ?? r.at).toISOString(), sampledValue } as MeterValue;
}

/** Free statuses: held until the StopTransaction is answered (STEVE.md §5.2). */
const FREE = new Set(['Available', 'Preparing', 'Reserved', 'Unavailable']);

/**
 * What OCPP 1.6J does its own way in the shared charge point engine (ocpp15's
 * charge-point/version.ts). One per charge point: it remembers whether connector 1 is
 * Finishing (a transaction ended, the EV not yet unplugged) and the kind of a Reset.
 */
export class Version16 implements ChargePointVersion {
  readonly subprotocol = SUBPROTOCOL_16;
  readonly configuration = configuration16;
  /** A transaction ended and the EV has not been unplugged since (Finishing, 1.6 §4.9). */
  #ended = false;
  /** The Reset in progress, for StopTransaction's reason (HardReset/SoftReset). */
  resetKind: 'Hard' | 'Soft' | null = null;
  readonly #install: (ep: Endpoint15, deps: HandlerDeps) => void;

  constructor(install: (ep: Endpoint15, deps: HandlerDeps) => void) {
    this.#install = install;
  }

  bootInterval(conf: object): number {
    return (conf as { interval: number }).interval; // 1.6 renamed heartbeatInterval
  }

  endpoint(ws: WebSocket, callTimeoutMs: number): Endpoint15 {
    // The engine's own calls (Boot, Heartbeat, Status, Authorize, the queue) have the same
    // names in 1.6; every payload is checked against the 1.6 table by this endpoint.
    return new RpcEndpointImpl(ws, OCPP16, {
      role: 'chargePoint',
      callTimeoutMs,
    }) as unknown as Endpoint15;
  }

  connectorStatus(station: Parameters<typeof mapStatus16>[0], f: StatusFacts): StatusReport {
    if (station.state === 'notConnected') this.#ended = false;
    return mapStatus16(station, {
      transaction: f.transaction,
      ended: this.#ended,
      inoperative: f.inoperative0 || f.inoperative1,
      reserved: f.reserved,
    });
  }

  chargePointStatus(
    station: Parameters<typeof mapStatus16>[0],
    _c1: StatusReport,
    f: StatusFacts,
  ): StatusReport {
    return mapChargePointStatus16(station, { inoperative: f.inoperative0 });
  }

  frees(status: StatusReport): boolean {
    return FREE.has(status.status);
  }

  meterValues(
    tx: StopData['tx'],
    r: MeterReading,
    sample: SampleOptions,
  ): Record<string, unknown> | null {
    const mv = meterValue16(r, sample);
    return mv ? { connectorId: tx.connectorId, meterValue: [mv] } : null;
  }

  stopTransaction({ tx, idTag, timestamp, meterStop, reason, end }: StopData) {
    this.#ended = true;
    const last = end ? meterValue16(end.reading, end.sample) : null;
    const begin = { timestamp: tx.startedAt, sampledValue: [beginSample(tx)] };
    const measured = last !== null && (end?.sample.measurands?.length ?? 1) > 0;
    return {
      idTag,
      meterStop,
      timestamp,
      reason: this.#reason(reason),
      ...(measured ? { transactionData: [begin, last] } : {}),
    };
  }

  #reason(reason: StopReason): StopReason16 {
    if (reason === 'Reset') return this.resetKind === 'Soft' ? 'SoftReset' : 'HardReset';
    return reason;
  }

  stopsOnUnplug(config: Configuration): boolean {
    return (config as Configuration16).get('StopTransactionOnEVSideDisconnect') !== 'false';
  }

  stopsOnInvalidId(config: Configuration): boolean {
    return (config as Configuration16).get('StopTransactionOnInvalidId') !== 'false';
  }

  install(ep: Endpoint15, deps: HandlerDeps): void {
    this.#install(ep, deps);
  }
}
