/**
 * What the central system does with each CP→CS message, after SteVe's
 * `Ocpp15Handler` → `CentralSystemService16_Service` (STEVE.md §1.3, §1.8): it answers a
 * CALLRESULT in nearly every case and only records semantic problems.
 */
import type { ChargePointAction, Confirmation, MeterValue, Request } from '../wire/messages.js';
import type {
  MeterValueRecord,
  StationRecord,
  TagSpec,
  Totals,
  TransactionRecord,
} from './records.js';
import { createReservations } from './reservations.js';
import { idTagInfoFor } from './tags.js';

/** Settings of the business rules. */
export interface BusinessOptions {
  readonly tags: ReadonlyMap<string, TagSpec>;
  readonly expiryHours: number;
  readonly heartbeatIntervalSec: number;
  readonly registrationStatus: (chargeBoxId: string) => 'Accepted' | 'Pending' | 'Rejected';
  readonly firstTransactionId: number;
  readonly maxMeterValues: number;
  readonly now: () => Date;
  readonly formatDate: (date: Date) => string;
  readonly onTransaction: (event: 'started' | 'stopped', tx: TransactionRecord) => void;
  readonly onStopIgnored: (chargeBoxId: string, transactionId: number, reason: string) => void;
}

/** A handler per CP→CS action, bound to one station. */
export type StationHandlers = {
  [A in ChargePointAction]: (payload: Request<A>) => Confirmation<A>;
};

const FIVE_MINUTES = 5 * 60_000;

/** The last `n` items (all of them when there are no more). */
function newest<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  return n === 0 ? [] : items.slice(-n);
}

/** Creates the in-memory registry and the SteVe-like message handlers. */
export function createBusiness(options: BusinessOptions) {
  const stations = new Map<string, StationRecord>();
  const transactions = new Map<number, TransactionRecord>();
  let meterValues: MeterValueRecord[] = [];
  const reservations = createReservations();
  let nextTransactionId = options.firstTransactionId;

  const station = (chargeBoxId: string): StationRecord => {
    let s = stations.get(chargeBoxId);
    if (!s) {
      s = { chargeBoxId, sessions: 0, connectors: {} };
      stations.set(chargeBoxId, s);
    }
    return s;
  };

  const activeCount = (idTag: string): number =>
    [...transactions.values()].filter((t) => t.idTag === idTag && t.state === 'active').length;

  const storeValues = (
    chargeBoxId: string,
    connectorId: number,
    transactionId: number | null,
    values: readonly MeterValue[],
    source: MeterValueRecord['source'],
  ): void => {
    for (const mv of values)
      for (const sv of mv.value) {
        // Amp/Volt are stored as A/V (STEVE.md §1.8).
        const unit = sv.unit === 'Amp' ? 'A' : sv.unit === 'Volt' ? 'V' : sv.unit;
        meterValues.push({
          chargeBoxId,
          connectorId,
          transactionId,
          timestamp: mv.timestamp,
          ...sv,
          ...(unit ? { unit } : {}),
          source,
        });
      }
    // Drop the oldest in batches (a quarter over the limit), so keeping the newest
    // maxMeterValues costs O(1) per value rather than a shift per value.
    const max = options.maxMeterValues;
    if (meterValues.length > max + (max >> 2)) meterValues = newest(meterValues, max);
  };

  const handlersFor = (chargeBoxId: string): StationHandlers => ({
    BootNotification: (req) => {
      const s = station(chargeBoxId);
      s.boot = req;
      const status = options.registrationStatus(chargeBoxId);
      return {
        // 1.2/1.5 have no Pending: SteVe maps it to Rejected (C1516.mapRegistrationStatus).
        status: status === 'Pending' ? 'Rejected' : status,
        currentTime: options.formatDate(options.now()),
        // The same interval is returned when Rejected (STEVE.md §1.3).
        heartbeatInterval: options.heartbeatIntervalSec,
      };
    },
    Heartbeat: () => {
      station(chargeBoxId).lastHeartbeat = options.now();
      return { currentTime: options.formatDate(options.now()) };
    },
    Authorize: (req) => ({
      idTagInfo: idTagInfoFor(options.tags.get(req.idTag), {
        now: options.now(),
        expiryHours: options.expiryHours,
        formatDate: options.formatDate,
      }),
    }),
    StartTransaction: (req) => {
      const idTagInfo = idTagInfoFor(options.tags.get(req.idTag), {
        now: options.now(),
        expiryHours: options.expiryHours,
        activeTransactions: activeCount(req.idTag),
        formatDate: options.formatDate,
      });
      // Always a fresh id, even for an Invalid/Blocked tag, and no idempotency: a re-sent
      // StartTransaction opens a second transaction (STEVE.md §1.8).
      const tx: TransactionRecord = {
        transactionId: nextTransactionId++,
        chargeBoxId,
        connectorId: req.connectorId,
        idTag: req.idTag,
        startStatus: idTagInfo.status,
        startTimestamp: req.timestamp,
        meterStart: req.meterStart,
        ...(req.reservationId === undefined ? {} : { reservationId: req.reservationId }),
        state: 'active',
        energyWh: null,
        problems: [],
      };
      transactions.set(tx.transactionId, tx);
      if (req.reservationId !== undefined) reservations.end(chargeBoxId, req.reservationId, 'used');
      options.onTransaction('started', tx);
      return { transactionId: tx.transactionId, idTagInfo };
    },
    StopTransaction: (req) => {
      const tx = transactions.get(req.transactionId);
      const values = (req.transactionData ?? []).flatMap((d) => d.values ?? []);
      if (!tx || tx.chargeBoxId !== chargeBoxId || tx.state !== 'active') {
        options.onStopIgnored(
          chargeBoxId,
          req.transactionId,
          !tx
            ? 'unknown transaction'
            : tx.chargeBoxId !== chargeBoxId
              ? 'transaction of another station'
              : 'already stopped',
        );
      } else {
        tx.stopTimestamp = req.timestamp;
        tx.meterStop = req.meterStop;
        if (req.idTag !== undefined) tx.stopIdTag = req.idTag;
        // Sanity checks only mark the transaction failed; the CP still gets a .conf.
        if (req.meterStop < tx.meterStart) tx.problems.push('meterStop < meterStart');
        if (Date.parse(req.timestamp) < Date.parse(tx.startTimestamp))
          tx.problems.push('stop before start');
        if (Date.parse(req.timestamp) > options.now().getTime() + FIVE_MINUTES)
          tx.problems.push('stop timestamp in the future');
        if (req.idTag !== undefined && req.idTag !== tx.idTag) tx.problems.push('foreign idTag');
        tx.state = tx.problems.length > 0 ? 'failed' : 'stopped';
        tx.energyWh = tx.state === 'stopped' ? req.meterStop - tx.meterStart : null;
        storeValues(chargeBoxId, tx.connectorId, tx.transactionId, values, 'StopTransaction');
        options.onTransaction('stopped', tx);
      }
      // idTagInfo only when the request carried an idTag.
      return req.idTag === undefined
        ? {}
        : {
            idTagInfo: idTagInfoFor(options.tags.get(req.idTag), {
              now: options.now(),
              expiryHours: options.expiryHours,
              formatDate: options.formatDate,
            }),
          };
    },
    MeterValues: (req) => {
      // transactionId ≤ 0 is ignored; values of a missing/stopped transaction are dropped.
      const txId =
        req.transactionId !== undefined && req.transactionId > 0 ? req.transactionId : null;
      const tx = txId === null ? undefined : transactions.get(txId);
      if (txId === null || (tx && tx.state === 'active' && tx.chargeBoxId === chargeBoxId))
        storeValues(chargeBoxId, req.connectorId, txId, req.values ?? [], 'MeterValues');
      return {};
    },
    StatusNotification: (req) => {
      if (req.connectorId >= 0) {
        const { connectorId: id, timestamp, ...rest } = req;
        if (rest.status === 'Unavailable' || rest.status === 'Faulted')
          reservations.connectorDown(chargeBoxId, id);
        station(chargeBoxId).connectors[id] = {
          ...rest,
          timestamp: timestamp ?? options.formatDate(options.now()),
        };
      }
      return {};
    },
    // CP-initiated DataTransfer is not implemented: ≥3.13 answers Rejected.
    DataTransfer: () => ({ status: 'Rejected' }),
    FirmwareStatusNotification: (req) => {
      station(chargeBoxId).firmwareStatus = req.status;
      return {};
    },
    DiagnosticsStatusNotification: (req) => {
      station(chargeBoxId).diagnosticsStatus = req.status;
      return {};
    },
  });

  const totals = (chargeBoxId?: string): Totals => {
    const txs = [...transactions.values()].filter(
      (t) => chargeBoxId === undefined || t.chargeBoxId === chargeBoxId,
    );
    return {
      transactions: txs.length,
      activeTransactions: txs.filter((t) => t.state === 'active').length,
      stoppedTransactions: txs.filter((t) => t.state === 'stopped').length,
      failedTransactions: txs.filter((t) => t.state === 'failed').length,
      energyWh: txs.reduce((sum, t) => sum + (t.energyWh ?? 0), 0),
    };
  };

  return {
    station,
    stations,
    transactions,
    /** The newest maxMeterValues sampled values, oldest first. */
    meterValues: (): readonly MeterValueRecord[] => newest(meterValues, options.maxMeterValues),
    reservations,
    handlersFor,
    totals,
  };
}

/** The registry and handlers returned by {@link createBusiness}. */
export type Business = ReturnType<typeof createBusiness>;
