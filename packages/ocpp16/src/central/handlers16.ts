/**
 * What the central system does with each CP→CS 1.6 message. SteVe runs 1.5 and 1.6 through
 * one 1.6 service (STEVE.md §1.8: every 1.5 request is converted to its 1.6 twin), so here the
 * 1.6 payloads are handed to the same business rules and store as 1.5's; only what 1.6 says
 * differently is done here: `Pending` registration and `interval` (STEVE.md §3), MeterValues
 * as `meterValue`/`sampledValue`, StopTransaction's `reason`.
 */
import type { CentralHandler, CentralVersionContext } from '@evse/ocpp15/central';
import type { ChargePointAction, Confirmation, Request } from '../messages/actions.js';
import type { MeterValue } from '../messages/common.js';

/** One station's 1.6 handlers, typed by the 1.6 table. */
export type Handlers16 = {
  [A in ChargePointAction]: (payload: Request<A>) => Confirmation<A>;
};

// The 1.5 business rules read `{ timestamp, value: SampledValue[] }` (STEVE.md §3 renames).
const asValues15 = (values: readonly MeterValue[]) =>
  values.map((mv) => ({ timestamp: mv.timestamp, value: mv.sampledValue }));

/** Binds the 1.6 handlers to the shared business rules. */
export function handlers16(
  ctx: CentralVersionContext,
): (chargeBoxId: string) => Readonly<Record<string, CentralHandler>> {
  return (chargeBoxId) => {
    // The 1.5 handlers work on the same records; 1.6 payloads that 1.6 kept from 1.5 pass as is.
    const shared = ctx.business.handlersFor(chargeBoxId) as unknown as Record<
      string,
      CentralHandler
    >;
    const handlers: Handlers16 = {
      BootNotification: (req) => {
        shared['BootNotification']?.(req);
        return {
          // 1.6 has Pending (STEVE.md §3); 1.5 sent it as Rejected.
          status: ctx.registrationStatus(chargeBoxId),
          currentTime: ctx.formatDate(ctx.now()),
          interval: ctx.heartbeatIntervalSec,
        };
      },
      Heartbeat: (req) => shared['Heartbeat']?.(req) as Confirmation<'Heartbeat'>,
      Authorize: (req) => shared['Authorize']?.(req) as Confirmation<'Authorize'>,
      StartTransaction: (req) =>
        shared['StartTransaction']?.(req) as Confirmation<'StartTransaction'>,
      StopTransaction: (req) =>
        ctx.business.stopTransaction(
          chargeBoxId,
          {
            transactionId: req.transactionId,
            timestamp: req.timestamp,
            meterStop: req.meterStop,
            ...(req.idTag === undefined ? {} : { idTag: req.idTag }),
            ...(req.transactionData === undefined
              ? {}
              : { transactionData: [{ values: asValues15(req.transactionData) }] }),
          } as never,
          req.reason,
        ) as Confirmation<'StopTransaction'>,
      MeterValues: (req) =>
        shared['MeterValues']?.({
          connectorId: req.connectorId,
          ...(req.transactionId === undefined ? {} : { transactionId: req.transactionId }),
          values: asValues15(req.meterValue),
        }) as Confirmation<'MeterValues'>,
      // The record keeps the 1.6 status and error code as sent.
      StatusNotification: (req) =>
        shared['StatusNotification']?.(req) as Confirmation<'StatusNotification'>,
      DataTransfer: (req) => shared['DataTransfer']?.(req) as Confirmation<'DataTransfer'>,
      FirmwareStatusNotification: (req) =>
        shared['FirmwareStatusNotification']?.(req) as Confirmation<'FirmwareStatusNotification'>,
      DiagnosticsStatusNotification: (req) =>
        shared['DiagnosticsStatusNotification']?.(
          req,
        ) as Confirmation<'DiagnosticsStatusNotification'>,
    };
    return handlers as unknown as Readonly<Record<string, CentralHandler>>;
  };
}
