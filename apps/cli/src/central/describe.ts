import type { CentralSystemEvent } from '@evse/ocpp15';

/**
 * Turns the central system's events into one line each for people. CALLs from charge points
 * are matched with the central system's answers by message id, so a line can say what was
 * decided (`Authorize TAG: Accepted`). Heartbeats and meter values are left out.
 */
export function createCentralDescriber(): (event: CentralSystemEvent) => string | null {
  // OCPP-J: [2, id, action, payload] CALL; [3, id, payload] CALLRESULT; [4, id, code, …] CALLERROR.
  const pending = new Map<string, PendingCall>();
  return (event) => {
    switch (event.type) {
      case 'connected':
        return `${event.chargeBoxId} connected`;
      case 'disconnected':
        return `${event.chargeBoxId} disconnected (${event.code})`;
      case 'duplicateConnection':
        return `warning: ${event.chargeBoxId} connected again from ${event.remoteAddress} while already connected (${event.sessions} sessions; the newest gets the central system's calls): two charge points with one id?`;
      case 'handshakeRejected':
        return `refused ${event.url}: HTTP ${event.status} ${event.reason}`;
      case 'transactionStarted': {
        const t = event.transaction;
        return `${t.chargeBoxId} transaction ${t.transactionId} started for ${t.idTag} (${t.startStatus}, meter ${t.meterStart} Wh)`;
      }
      case 'transactionStopped': {
        const t = event.transaction;
        const energy =
          t.energyWh === null ? `failed: ${t.problems.join('; ')}` : `${t.energyWh} Wh`;
        return `${t.chargeBoxId} transaction ${t.transactionId} stopped (${energy})`;
      }
      case 'transactionStopIgnored':
        return `${event.chargeBoxId} StopTransaction for transaction ${event.transactionId} ignored: ${event.reason}`;
      case 'protocolError':
        return `${event.chargeBoxId} protocol error: ${event.event.type}${event.close ? `, closing (${event.close.code})` : ''}`;
      case 'frame':
        return describeFrame(event, pending);
      case 'sessionOpened':
      case 'sessionClosed':
        return null;
    }
  };
}

/** The request fields the lines show (OCPP 1.5 Authorize/StatusNotification/…Transaction). */
interface CallPayload {
  readonly idTag?: unknown;
  readonly connectorId?: unknown;
  readonly status?: unknown;
  readonly errorCode?: unknown;
  readonly transactionId?: unknown;
  readonly meterStop?: unknown;
}

/** The confirmation fields the lines show. */
interface ConfPayload {
  readonly status?: unknown;
  readonly transactionId?: unknown;
  readonly idTagInfo?: { readonly status?: unknown };
}

interface PendingCall {
  readonly action: string;
  readonly payload: CallPayload;
}

function describeFrame(
  event: Extract<CentralSystemEvent, { type: 'frame' }>,
  pending: Map<string, PendingCall>,
): string | null {
  let frame: unknown;
  try {
    frame = JSON.parse(event.text);
  } catch {
    return null;
  }
  if (!Array.isArray(frame)) return null;
  const key = `${event.sessionId}:${String(frame[1])}`;
  if (event.direction === 'rx' && frame[0] === 2) {
    pending.set(key, {
      action: String(frame[2]),
      payload: (frame[3] ?? {}) as CallPayload,
    });
    return null;
  }
  if (event.direction !== 'tx' || (frame[0] !== 3 && frame[0] !== 4)) return null;
  const call = pending.get(key);
  pending.delete(key);
  if (!call) return null;
  const who = event.chargeBoxId;
  if (frame[0] === 4)
    return `${who} ${call.action}: CALLERROR ${String(frame[2])} ${String(frame[3] ?? '')}`.trim();
  const conf = (frame[2] ?? {}) as ConfPayload;
  const idTagStatus = String(conf.idTagInfo?.status);
  const p = call.payload;
  switch (call.action) {
    case 'BootNotification':
      return `${who} BootNotification: ${String(conf.status)}`;
    case 'Authorize':
      return `${who} Authorize ${String(p.idTag)}: ${idTagStatus}`;
    case 'StatusNotification': {
      const error = p.errorCode && p.errorCode !== 'NoError' ? ` ${String(p.errorCode)}` : '';
      return `${who} StatusNotification connector ${String(p.connectorId)}: ${String(p.status)}${error}`;
    }
    case 'StartTransaction':
      return `${who} StartTransaction ${String(p.idTag)}: transaction ${String(conf.transactionId)}, ${idTagStatus}`;
    case 'StopTransaction':
      return `${who} StopTransaction transaction ${String(p.transactionId)}, meter ${String(p.meterStop)} Wh`;
    default:
      return null;
  }
}
