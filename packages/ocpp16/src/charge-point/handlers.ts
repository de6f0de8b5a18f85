import { HANDLERS_15, type HandlerDeps, remoteStartRefused } from '@evse/ocpp15/engine';
import type { HandlerContext, HandlerTable, RpcEndpointImpl } from '@evse/ocppj';
import type { OCPP16 } from '../messages/dialect.js';
import type { ChargingProfile } from '../smart/types.js';
import type { Parts16 } from './parts.js';
import { trigger } from './trigger.js';

type Table = HandlerTable<typeof OCPP16, Parts16>;
type Shared = keyof typeof HANDLERS_15;

/**
 * An operation whose 1.6 request and answer are 1.5's (or a superset the 1.5 handler answers
 * validly): the shared engine's handler, run on the engine (OCPP 1.6 §5; ocpp15 handlers.ts).
 */
const shared =
  <A extends Shared>(action: A) =>
  (t: Parts16, p: unknown, c: HandlerContext): never => {
    const h = HANDLERS_15[action] as (d: HandlerDeps, p: unknown, c: HandlerContext) => unknown;
    return h(t.cp, p, c) as never;
  };

const seen = (t: Parts16, action: string, payload: unknown): void =>
  t.cp.emit({ type: 'request', action, payload });

/** The CS→CP operations of OCPP 1.6J's six feature profiles (OCPP 1.6 §5). */
const HANDLERS_16: Table = {
  CancelReservation: shared('CancelReservation'),
  ChangeAvailability: shared('ChangeAvailability'),
  ClearCache: shared('ClearCache'),
  DataTransfer: shared('DataTransfer'),
  GetDiagnostics: shared('GetDiagnostics'),
  GetLocalListVersion: shared('GetLocalListVersion'),
  RemoteStopTransaction: shared('RemoteStopTransaction'),
  ReserveNow: shared('ReserveNow'),
  SendLocalList: shared('SendLocalList'),
  UpdateFirmware: shared('UpdateFirmware'),

  Reset(t, p, c) {
    t.version.resetKind = p.type; // StopTransaction's reason: HardReset or SoftReset
    return shared('Reset')(t, p, c);
  },

  RemoteStartTransaction(t, p, c) {
    const profile = p.chargingProfile as ChargingProfile | undefined;
    if (profile !== undefined && profile.chargingProfilePurpose !== 'TxProfile') {
      seen(t, 'RemoteStartTransaction', p);
      return { status: 'Rejected' };
    }
    const { idTag } = p;
    if (!t.config.flag('AuthorizeRemoteTxRequests')) {
      // The CS made the decision: the shared handler grants without an Authorize.req.
      const answer = shared('RemoteStartTransaction')(t, { idTag, connectorId: p.connectorId }, c);
      if ((answer as { status: string }).status === 'Accepted' && profile)
        t.smart.remoteStartProfile(profile);
      return answer;
    }
    // AuthorizeRemoteTxRequests (OCPP 1.6 §5.11): authorized like a local swipe first.
    seen(t, 'RemoteStartTransaction', p);
    if (remoteStartRefused(t.cp, p)) return { status: 'Rejected' };
    if (profile) t.smart.remoteStartProfile(profile);
    t.cp.connector.authorize(idTag).catch(() => undefined); // a refusal is on events$
    return { status: 'Accepted' };
  },

  UnlockConnector(t, p) {
    seen(t, 'UnlockConnector', p);
    if (p.connectorId !== 1) return { status: 'NotSupported' };
    // A tethered cable without a lock actuator: unlocking ends the transaction (OCPP 1.6 §5.17).
    void t.cp.connector.stop('UnlockCommand');
    return { status: 'Unlocked' };
  },

  ChangeConfiguration(t, p) {
    seen(t, 'ChangeConfiguration', p);
    const status = t.config.change16(p.key, p.value);
    if (status === 'Accepted' && p.key === 'HeartbeatInterval') t.cp.heartbeatChanged();
    if (status === 'Accepted' && p.key === 'MeterValueSampleInterval')
      t.cp.connector.restartSampling();
    return { status };
  },

  GetConfiguration(t, p) {
    seen(t, 'GetConfiguration', p);
    const { keyValues, unknownKey } = t.config.list(p.key);
    return {
      configurationKey: keyValues.map((k) => ({ ...k })),
      ...(unknownKey.length > 0 ? { unknownKey } : {}),
    };
  },

  SetChargingProfile(t, p) {
    seen(t, 'SetChargingProfile', p);
    return { status: t.smart.set(p.connectorId, p.csChargingProfiles as ChargingProfile) };
  },

  ClearChargingProfile(t, p) {
    seen(t, 'ClearChargingProfile', p);
    return { status: t.smart.clear(p) };
  },

  GetCompositeSchedule(t, p) {
    seen(t, 'GetCompositeSchedule', p);
    if (p.connectorId < 0 || p.connectorId > 1 || p.duration < 0) return { status: 'Rejected' };
    const unit = p.chargingRateUnit ?? 'A';
    const chargingSchedule = t.smart.composite(p.connectorId, p.duration, unit);
    return {
      status: 'Accepted',
      connectorId: p.connectorId,
      scheduleStart: chargingSchedule.startSchedule,
      chargingSchedule: {
        ...chargingSchedule,
        chargingSchedulePeriod: chargingSchedule.chargingSchedulePeriod.map((x) => ({ ...x })),
      },
    };
  },

  TriggerMessage(t, p) {
    seen(t, 'TriggerMessage', p);
    return { status: trigger(t, p.requestedMessage, p.connectorId) };
  },
};

/** Register the 1.6 CS→CP operations on a (1.6) endpoint. */
export function installHandlers16(ep: unknown, parts: Parts16): void {
  (ep as RpcEndpointImpl<typeof OCPP16>).handleAll(HANDLERS_16, parts);
}
