import type { CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { isOk, requestControlApi } from '../http/control-client.js';

/**
 * Confirmation statuses that say the charge point did not do what was asked (OCPP 1.6 §7:
 * AvailabilityStatus, ChargingProfileStatus, ClearChargingProfileStatus, ConfigurationStatus,
 * DataTransferStatus, RemoteStartStopStatus, ReservationStatus, ResetStatus,
 * TriggerMessageStatus, UnlockStatus, UpdateStatus…). Others (Accepted, Scheduled,
 * RebootRequired, Unlocked) mean it did or will.
 */
const REFUSED = new Set([
  'Rejected',
  'NotSupported',
  'NotImplemented',
  'Unknown',
  'UnknownMessageId',
  'UnknownVendorId',
  'Faulted',
  'Occupied',
  'Unavailable',
  'UnlockFailed',
  'VersionMismatch',
  'Failed',
]);

export interface OcppCallRequest {
  readonly base: URL;
  readonly chargeBoxId: string;
  readonly action: string;
  readonly request: Record<string, unknown>;
  readonly json: boolean;
  readonly token?: string;
}

/** One CS→CP operation through `evse central`'s operator API; prints the confirmation. */
export async function ocppCall(ctx: CommandContext, call: OcppCallRequest): Promise<void> {
  const path = `/api/ocpp/${encodeURIComponent(call.chargeBoxId)}/${call.action}`;
  const reply = await requestControlApi(
    call.base,
    'POST',
    path,
    call.request,
    ctx.signal,
    call.token,
  );
  const body = reply.body as {
    result?: Record<string, unknown>;
    error?: { code?: string; message?: string };
  };
  if (!isOk(reply)) {
    const error = body?.error;
    const why =
      error?.message !== undefined
        ? `${error.code ?? `HTTP ${reply.status}`}: ${error.message}`
        : `HTTP ${reply.status} (is ${call.base.origin} an evse central?)`;
    const hint = reply.status === 401 ? ' (--token TOKEN or $EVSE_TOKEN)' : '';
    throw new CliError(`${call.chargeBoxId} ${call.action}: ${why}${hint}`);
  }
  const conf = body?.result ?? {};
  if (call.json) ctx.out.json(conf);
  const status = typeof conf['status'] === 'string' ? conf['status'] : null;
  if (!call.json)
    ctx.out.line(`${call.chargeBoxId} ${call.action}: ${status ?? JSON.stringify(conf)}`);
  if (status !== null && REFUSED.has(status))
    throw new CliError(`${call.chargeBoxId} refused ${call.action} (${status})`);
}
