import type { Confirmation } from '../wire/messages.js';
import type { HandlerTable, RpcEndpointImpl } from '../wire/rpc.js';
import type { Connector } from './connector.js';
import type { Ctx } from './context.js';
import type { Maintenance } from './maintenance.js';
import type { Reservations } from './reservation.js';

/** What the handlers act on: the charge point (internal). */
export interface HandlerDeps extends Ctx {
  readonly connector: Connector;
  readonly reservations: Reservations;
  readonly maintenance: Maintenance;
  heartbeatChanged(): void;
  statusChanged(): void;
}

/**
 * Why a RemoteStartTransaction is Rejected (the same in 1.5 and 1.6): the boot not Accepted
 * yet (OCPP 1.6 §4.2 forbids remote start and stop while Pending), another connector, a
 * transaction or authorization already there, a fault, Inoperative, or a reservation for
 * another tag.
 */
export function remoteStartRefused(
  d: HandlerDeps,
  p: { readonly connectorId?: number; readonly idTag: string },
): boolean {
  const r = d.reservations.current();
  return (
    d.ready === null ||
    (p.connectorId !== undefined && p.connectorId !== 1) ||
    d.connector.current() !== null ||
    d.connector.pendingAuth() ||
    d.station.getStatus().state === 'fault' ||
    d.maintenance.inoperative() ||
    (r !== null && r.idTag !== p.idTag)
  );
}

const seen = (d: HandlerDeps, action: string, payload: unknown): void =>
  d.emit({ type: 'request', action, payload });

/**
 * The fifteen CS→CP operations of OCPP 1.5 (STEVE.md §1.6). The endpoint has already
 * validated each request; every answer is a valid 1.5 .conf.
 */
export const HANDLERS: HandlerTable<HandlerDeps> = {
  RemoteStartTransaction(d, p): Confirmation<'RemoteStartTransaction'> {
    seen(d, 'RemoteStartTransaction', p);
    if (remoteStartRefused(d, p)) return { status: 'Rejected' };
    // The CS made the decision: no Authorize.req for a remote start.
    d.connector.grant(p.idTag, 'remote', { status: 'Accepted' });
    return { status: 'Accepted' };
  },

  RemoteStopTransaction(d, p): Confirmation<'RemoteStopTransaction'> {
    seen(d, 'RemoteStopTransaction', p);
    const tx = d.connector.current();
    if (d.ready === null || !tx || tx.transactionId !== p.transactionId)
      return { status: 'Rejected' };
    void d.connector.stop('Remote');
    return { status: 'Accepted' };
  },

  UnlockConnector(d, p): Confirmation<'UnlockConnector'> {
    seen(d, 'UnlockConnector', p);
    if (p.connectorId !== 1) return { status: 'Rejected' };
    // OpenEVSE has a tethered cable and no lock actuator; unlocking ends the transaction (1.5 §5.15).
    void d.connector.stop('UnlockCommand');
    return { status: 'Accepted' };
  },

  ChangeAvailability(d, p): Confirmation<'ChangeAvailability'> {
    seen(d, 'ChangeAvailability', p);
    return { status: d.maintenance.changeAvailability(p.connectorId, p.type) };
  },

  Reset(d, p): Confirmation<'Reset'> {
    seen(d, 'Reset', p);
    d.maintenance.reset(p.type);
    return { status: 'Accepted' };
  },

  ChangeConfiguration(d, p): Confirmation<'ChangeConfiguration'> {
    seen(d, 'ChangeConfiguration', p);
    const status = d.config.change(p.key, p.value);
    if (status === 'Accepted' && p.key === 'HeartBeatInterval') d.heartbeatChanged();
    if (status === 'Accepted' && p.key === 'MeterValueSampleInterval')
      d.connector.restartSampling();
    return { status };
  },

  GetConfiguration(d, p): Confirmation<'GetConfiguration'> {
    seen(d, 'GetConfiguration', p);
    // SteVe sends `key: []` for "all keys" (STEVE.md §1.6): missing and empty are the same.
    const { configurationKey, unknownKey } = d.config.list(p.key);
    return { configurationKey, ...(unknownKey.length > 0 ? { unknownKey } : {}) };
  },

  ClearCache(d, p): Confirmation<'ClearCache'> {
    seen(d, 'ClearCache', p);
    d.store.update((s) => {
      s.authCache = {};
    });
    return { status: 'Accepted' };
  },

  SendLocalList(d, p): Confirmation<'SendLocalList'> {
    seen(d, 'SendLocalList', p);
    const current = d.store.get().localList.version;
    if (p.updateType === 'Differential' && p.listVersion <= current)
      return { status: 'VersionMismatch' };
    d.store.update((s) => {
      const entries = p.updateType === 'Full' ? {} : { ...s.localList.entries };
      for (const item of p.localAuthorisationList ?? []) {
        // Differential: an entry without idTagInfo removes the tag (1.5 §5.13).
        if (item.idTagInfo === undefined) delete entries[item.idTag];
        else entries[item.idTag] = item.idTagInfo;
      }
      s.localList = { version: p.listVersion, entries };
    });
    return { status: 'Accepted' };
  },

  GetLocalListVersion(d, p): Confirmation<'GetLocalListVersion'> {
    seen(d, 'GetLocalListVersion', p);
    return { listVersion: d.store.get().localList.version };
  },

  ReserveNow(d, p): Confirmation<'ReserveNow'> {
    seen(d, 'ReserveNow', p);
    const busy = d.connector.current() !== null || d.connector.pendingAuth();
    return { status: d.reservations.reserve(p, busy) };
  },

  CancelReservation(d, p): Confirmation<'CancelReservation'> {
    seen(d, 'CancelReservation', p);
    return { status: d.reservations.cancel(p.reservationId) };
  },

  GetDiagnostics(d, p): Confirmation<'GetDiagnostics'> {
    seen(d, 'GetDiagnostics', p);
    return { fileName: d.maintenance.diagnostics(p.location) };
  },

  UpdateFirmware(d, p): Confirmation<'UpdateFirmware'> {
    seen(d, 'UpdateFirmware', p);
    d.maintenance.updateFirmware(p.location, p.retrieveDate, p.retries ?? 1);
    return {};
  },

  DataTransfer(d, p): Confirmation<'DataTransfer'> {
    seen(d, 'DataTransfer', p);
    // No vendor extensions are implemented (STEVE.md §1.8: SteVe itself answers Rejected).
    return { status: p.vendorId === d.opts.vendor ? 'UnknownMessageId' : 'UnknownVendorId' };
  },
};

/**
 * Register the fifteen CS→CP operations of OCPP 1.5 (STEVE.md §1.6) on an endpoint: one
 * shared table for every connection of every charge point, called with the charge point.
 */
export function installHandlers(ep: RpcEndpointImpl, d: HandlerDeps): void {
  ep.handleAll(HANDLERS, d);
}
