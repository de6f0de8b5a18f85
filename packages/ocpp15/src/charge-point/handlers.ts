import type { RpcEndpoint } from '../wire/rpc.js';
import type { Connector } from './connector.js';
import type { Ctx } from './context.js';
import type { Maintenance } from './maintenance.js';
import type { Reservations } from './reservation.js';

/** What the handlers act on (internal). */
export interface HandlerDeps {
  readonly connector: Connector;
  readonly reservations: Reservations;
  readonly maintenance: Maintenance;
  readonly heartbeatChanged: () => void;
  readonly statusChanged: () => void;
}

/**
 * Register the fifteen CS→CP operations of OCPP 1.5 (STEVE.md §1.6) on an endpoint. The
 * endpoint has already validated each request; every answer is a valid 1.5 .conf.
 */
export function installHandlers(ep: RpcEndpoint, ctx: Ctx, d: HandlerDeps): void {
  const { connector, config, store } = { ...d, config: ctx.config, store: ctx.store };
  const seen = (action: string, payload: unknown): void =>
    ctx.events.next({ type: 'request', action, payload });

  ep.handle('RemoteStartTransaction', (p) => {
    seen('RemoteStartTransaction', p);
    const s = ctx.station.getStatus();
    const r = d.reservations.current();
    const refused =
      (p.connectorId !== undefined && p.connectorId !== 1) ||
      connector.current() !== null ||
      connector.pendingAuth() ||
      s.state === 'fault' ||
      d.maintenance.inoperative() ||
      (r !== null && r.idTag !== p.idTag);
    if (refused) return { status: 'Rejected' };
    // The CS made the decision: no Authorize.req for a remote start.
    connector.grant(p.idTag, 'remote', { status: 'Accepted' });
    return { status: 'Accepted' };
  });

  ep.handle('RemoteStopTransaction', (p) => {
    seen('RemoteStopTransaction', p);
    const tx = connector.current();
    if (!tx || tx.transactionId !== p.transactionId) return { status: 'Rejected' };
    void connector.stop('Remote');
    return { status: 'Accepted' };
  });

  ep.handle('UnlockConnector', (p) => {
    seen('UnlockConnector', p);
    if (p.connectorId !== 1) return { status: 'Rejected' };
    // OpenEVSE has a tethered cable and no lock actuator; unlocking ends the transaction (1.5 §5.15).
    void connector.stop('UnlockCommand');
    return { status: 'Accepted' };
  });

  ep.handle('ChangeAvailability', (p) => {
    seen('ChangeAvailability', p);
    return { status: d.maintenance.changeAvailability(p.connectorId, p.type) };
  });

  ep.handle('Reset', (p) => {
    seen('Reset', p);
    d.maintenance.reset(p.type);
    return { status: 'Accepted' };
  });

  ep.handle('ChangeConfiguration', (p) => {
    seen('ChangeConfiguration', p);
    const status = config.change(p.key, p.value);
    if (status === 'Accepted' && p.key === 'HeartBeatInterval') d.heartbeatChanged();
    if (status === 'Accepted' && p.key === 'MeterValueSampleInterval') connector.restartSampling();
    return { status };
  });

  ep.handle('GetConfiguration', (p) => {
    seen('GetConfiguration', p);
    // SteVe sends `key: []` for "all keys" (STEVE.md §1.6): missing and empty are the same.
    const { configurationKey, unknownKey } = config.list(p.key);
    return { configurationKey, ...(unknownKey.length > 0 ? { unknownKey } : {}) };
  });

  ep.handle('ClearCache', (p) => {
    seen('ClearCache', p);
    store.update((s) => {
      s.authCache = {};
    });
    return { status: 'Accepted' };
  });

  ep.handle('SendLocalList', (p) => {
    seen('SendLocalList', p);
    const current = store.get().localList.version;
    if (p.updateType === 'Differential' && p.listVersion <= current)
      return { status: 'VersionMismatch' };
    store.update((s) => {
      const entries = p.updateType === 'Full' ? {} : { ...s.localList.entries };
      for (const item of p.localAuthorisationList ?? []) {
        // Differential: an entry without idTagInfo removes the tag (1.5 §5.13).
        if (item.idTagInfo === undefined) delete entries[item.idTag];
        else entries[item.idTag] = item.idTagInfo;
      }
      s.localList = { version: p.listVersion, entries };
    });
    return { status: 'Accepted' };
  });

  ep.handle('GetLocalListVersion', (p) => {
    seen('GetLocalListVersion', p);
    return { listVersion: store.get().localList.version };
  });

  ep.handle('ReserveNow', (p) => {
    seen('ReserveNow', p);
    const busy = connector.current() !== null || connector.pendingAuth();
    return { status: d.reservations.reserve(p, busy) };
  });

  ep.handle('CancelReservation', (p) => {
    seen('CancelReservation', p);
    return { status: d.reservations.cancel(p.reservationId) };
  });

  ep.handle('GetDiagnostics', (p) => {
    seen('GetDiagnostics', p);
    return { fileName: d.maintenance.diagnostics(p.location) };
  });

  ep.handle('UpdateFirmware', (p) => {
    seen('UpdateFirmware', p);
    d.maintenance.updateFirmware(p.location, p.retrieveDate, p.retries ?? 1);
    return {};
  });

  ep.handle('DataTransfer', (p) => {
    seen('DataTransfer', p);
    // No vendor extensions are implemented (STEVE.md §1.8: SteVe itself answers Rejected).
    return { status: p.vendorId === ctx.opts.vendor ? 'UnknownMessageId' : 'UnknownVendorId' };
  });
}
