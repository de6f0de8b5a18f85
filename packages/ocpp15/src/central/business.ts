/**
 * What the central system does with each CP→CS message, after SteVe's
 * `Ocpp15Handler` → `CentralSystemService16_Service` (STEVE.md §1.3, §1.8): it answers a
 * CALLRESULT in nearly every case and only records semantic problems.
 */
import type { ChargePointAction, Confirmation, MeterValue, Request } from '../wire/messages.js';
import type { MeterValueRecord, StationRecord, Totals, TransactionRecord } from './records.js';
import { createReservations } from './reservations.js';
import type { CentralStore } from './store.js';
import { idTagInfoFor } from './tags.js';

/** Settings of the business rules. */
export interface BusinessOptions {
  /** Where stations, tags, transactions and meter values are kept. */
  readonly store: CentralStore;
  readonly expiryHours: number;
  readonly heartbeatIntervalSec: number;
  readonly registrationStatus: (chargeBoxId: string) => 'Accepted' | 'Pending' | 'Rejected';
  readonly firstTransactionId: number;
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

/** Creates the SteVe-like message handlers over the store (and the reservations, in memory). */
export function createBusiness(options: BusinessOptions) {
  const { store } = options;
  const reservations = createReservations();

  /** The station's record, created (and kept) at first contact. */
  const station = (chargeBoxId: string): StationRecord => {
    let s = store.station(chargeBoxId);
    if (!s) {
      s = { chargeBoxId, sessions: 0, connectors: {} };
      store.saveStation(s);
    }
    return s;
  };
  /** Change a station's record and keep it. */
  const update = (chargeBoxId: string, change: (s: StationRecord) => void): void => {
    const s = station(chargeBoxId);
    change(s);
    store.saveStation(s);
  };

  const storeValues = (
    chargeBoxId: string,
    connectorId: number,
    transactionId: number | null,
    values: readonly MeterValue[],
    source: MeterValueRecord['source'],
  ): void => {
    const records: MeterValueRecord[] = [];
    for (const mv of values)
      for (const sv of mv.value) {
        // Amp/Volt are stored as A/V (STEVE.md §1.8).
        const unit = sv.unit === 'Amp' ? 'A' : sv.unit === 'Volt' ? 'V' : sv.unit;
        records.push({
          chargeBoxId,
          connectorId,
          transactionId,
          timestamp: mv.timestamp,
          ...sv,
          ...(unit ? { unit } : {}),
          source,
        });
      }
    store.addMeterValues(records);
  };

  /** SteVe's StopTransaction (STEVE.md §1.8); `reason` is 1.6's, kept with the record. */
  const stopTransaction = (
    chargeBoxId: string,
    req: Request<'StopTransaction'>,
    reason?: string,
  ): Confirmation<'StopTransaction'> => {
    const tx = store.transaction(req.transactionId);
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
      if (reason !== undefined) tx.stopReason = reason;
      // Sanity checks only mark the transaction failed; the CP still gets a .conf.
      if (req.meterStop < tx.meterStart) tx.problems.push('meterStop < meterStart');
      if (Date.parse(req.timestamp) < Date.parse(tx.startTimestamp))
        tx.problems.push('stop before start');
      if (Date.parse(req.timestamp) > options.now().getTime() + FIVE_MINUTES)
        tx.problems.push('stop timestamp in the future');
      if (req.idTag !== undefined && req.idTag !== tx.idTag) tx.problems.push('foreign idTag');
      tx.state = tx.problems.length > 0 ? 'failed' : 'stopped';
      tx.energyWh = tx.state === 'stopped' ? req.meterStop - tx.meterStart : null;
      store.saveTransaction(tx);
      storeValues(chargeBoxId, tx.connectorId, tx.transactionId, values, 'StopTransaction');
      options.onTransaction('stopped', tx);
    }
    // idTagInfo only when the request carried an idTag.
    return req.idTag === undefined
      ? {}
      : {
          idTagInfo: idTagInfoFor(store.tag(req.idTag), {
            now: options.now(),
            expiryHours: options.expiryHours,
            formatDate: options.formatDate,
          }),
        };
  };

  const handlersFor = (chargeBoxId: string): StationHandlers => ({
    BootNotification: (req) => {
      update(chargeBoxId, (s) => {
        s.boot = req;
      });
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
      update(chargeBoxId, (s) => {
        s.lastHeartbeat = options.now();
      });
      return { currentTime: options.formatDate(options.now()) };
    },
    Authorize: (req) => ({
      idTagInfo: idTagInfoFor(store.tag(req.idTag), {
        now: options.now(),
        expiryHours: options.expiryHours,
        formatDate: options.formatDate,
      }),
    }),
    StartTransaction: (req) => {
      const idTagInfo = idTagInfoFor(store.tag(req.idTag), {
        now: options.now(),
        expiryHours: options.expiryHours,
        activeTransactions: store.activeTransactions(req.idTag),
        formatDate: options.formatDate,
      });
      // A Start the station re-sends because its answer was lost (same connector, idTag,
      // timestamp and meterStart) gets the transaction it already opened, as SteVe's
      // insertIgnoreTransaction does; the idTagInfo is worked out afresh (STEVE.md §1.8).
      const same = store.sameStart({
        chargeBoxId,
        connectorId: req.connectorId,
        idTag: req.idTag,
        startTimestamp: req.timestamp,
        meterStart: req.meterStart,
      });
      if (same) return { transactionId: same.transactionId, idTagInfo };
      // Otherwise a fresh id, even for an Invalid/Blocked tag (STEVE.md §1.8).
      const tx: TransactionRecord = {
        transactionId: store.newTransactionId(options.firstTransactionId),
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
      store.saveTransaction(tx);
      if (req.reservationId !== undefined) reservations.end(chargeBoxId, req.reservationId, 'used');
      options.onTransaction('started', tx);
      return { transactionId: tx.transactionId, idTagInfo };
    },
    StopTransaction: (req) => stopTransaction(chargeBoxId, req),
    MeterValues: (req) => {
      // transactionId ≤ 0 is ignored; values of a missing/stopped transaction are dropped.
      const txId =
        req.transactionId !== undefined && req.transactionId > 0 ? req.transactionId : null;
      const tx = txId === null ? undefined : store.transaction(txId);
      if (txId === null || (tx && tx.state === 'active' && tx.chargeBoxId === chargeBoxId))
        storeValues(chargeBoxId, req.connectorId, txId, req.values ?? [], 'MeterValues');
      return {};
    },
    StatusNotification: (req) => {
      if (req.connectorId >= 0) {
        const { connectorId: id, timestamp, ...rest } = req;
        if (rest.status === 'Unavailable' || rest.status === 'Faulted')
          reservations.connectorDown(chargeBoxId, id);
        update(chargeBoxId, (s) => {
          s.connectors[id] = { ...rest, timestamp: timestamp ?? options.formatDate(options.now()) };
        });
      }
      return {};
    },
    // CP-initiated DataTransfer is not implemented: ≥3.13 answers Rejected.
    DataTransfer: () => ({ status: 'Rejected' }),
    FirmwareStatusNotification: (req) => {
      update(chargeBoxId, (s) => {
        s.firmwareStatus = req.status;
      });
      return {};
    },
    DiagnosticsStatusNotification: (req) => {
      update(chargeBoxId, (s) => {
        s.diagnosticsStatus = req.status;
      });
      return {};
    },
  });

  const totals = (chargeBoxId?: string): Totals => {
    const txs = [...store.transactions()].filter(
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
    /** Record that a station changed outside a message (sessions, pongs). */
    saveStation: (s: StationRecord) => store.saveStation(s),
    store,
    reservations,
    handlersFor,
    stopTransaction,
    totals,
  };
}

/** The registry and handlers returned by {@link createBusiness}. */
export type Business = ReturnType<typeof createBusiness>;
