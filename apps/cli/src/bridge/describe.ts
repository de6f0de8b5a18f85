import type { ChargePointEvent } from '@evse/ocpp15';
import { describeError } from '../errors.js';

/**
 * One line per charge point event worth telling the user, or null for chatter (requests,
 * clock sync, delivery receipts of meter values). The wording is stable: tests and the README
 * rely on `Authorize`, `StartTransaction`, `StopTransaction` appearing as here.
 */
export function describeChargePointEvent(event: ChargePointEvent): string | null {
  switch (event.type) {
    case 'connected':
      return `OCPP connected to ${event.url}`;
    case 'disconnected':
      return `OCPP disconnected (${event.code}${event.reason ? ` ${event.reason}` : ''})`;
    case 'reconnecting':
      return `OCPP reconnecting in ${(event.delayMs / 1000).toFixed(1)} s (attempt ${event.attempt})`;
    case 'error':
      return `OCPP error: ${describeError(event.error)}`;
    case 'booted':
      return `BootNotification ${event.status} (heartbeat every ${event.heartbeatInterval} s)`;
    case 'status':
      // Connector 0 is the whole station: a fault goes out for it and for connector 1, so
      // without the number the same line came twice (AUDIT-2026-12.md #29).
      return `StatusNotification connector ${event.connectorId}: ${event.status.status}${event.status.errorCode === 'NoError' ? '' : ` ${event.status.errorCode}`}`;
    case 'authorized':
      return `Authorize ${event.idTag}: ${event.info.status} (${event.source})`;
    case 'authorizationRejected':
      return `Authorize ${event.idTag}: ${event.info.status} (${event.source}), the EVSE stays asleep`;
    case 'authorizationExpired':
      return `Authorization of ${event.idTag} expired (no EV plugged in in time)`;
    case 'transactionStarted':
      return `StartTransaction queued for ${event.tx.idTag} (meter ${event.tx.meterStart} Wh)`;
    case 'transactionId':
      return `StartTransaction accepted: transaction ${event.transactionId}`;
    case 'transactionStopped':
      return `StopTransaction queued: transaction ${event.tx.transactionId ?? '(pending id)'}, meter ${event.meterStop} Wh, reason ${event.reason}`;
    case 'delivered':
      return event.action === 'StopTransaction' ? 'StopTransaction delivered' : null;
    case 'dropped':
      return `${event.action} dropped after repeated errors${event.error ? `: ${describeError(event.error)}` : ''}`;
    case 'reset':
      return `Reset (${event.kind}) requested by the central system`;
    case 'request':
      return `Central system sent ${event.action}`;
    case 'clock':
    case 'firmware':
    case 'diagnostics':
      return null;
  }
}
