/**
 * The OCPP 1.6J operations a charge point initiates (CP → CS), transcribed from the official
 * 1.6 JSON schemas (`<Action>.req` / `<Action>.conf`, OCPP 1.6 §4). DataTransfer, sent both
 * ways, is in `actions.ts`. A row or payload that 1.6 left as 1.5 had it (STEVE.md §3:
 * "Identical in both") is the 1.5 table's, so the fact is stated once; the tests compare every
 * row with the official 1.6 schema all the same.
 */
import { ACTIONS as ACTIONS_15 } from '@evse/ocpp15';
import { dateTime, int, list, obj, oneOf, opt, req, str } from '@evse/ocppj';
import { CHARGE_POINT_ERROR_CODES_16, CHARGE_POINT_STATUSES_16 } from '../status-map.js';
import { empty, idToken, meterValue } from './common.js';
import {
  DIAGNOSTICS_STATUSES,
  FIRMWARE_STATUSES,
  REGISTRATION_STATUSES,
  STOP_REASONS,
} from './enums.js';

const cp = ['chargePoint'] as const;

/** The CP → CS rows of the 1.6 action table (data only). */
export const CP_ACTIONS = {
  Authorize: ACTIONS_15.Authorize,
  BootNotification: {
    from: cp,
    req: ACTIONS_15.BootNotification.req,
    // 1.6 renames 1.5's heartbeatInterval to `interval`.
    conf: obj({
      status: req(oneOf(REGISTRATION_STATUSES)),
      currentTime: req(dateTime()),
      interval: req(int()),
    }),
  },
  DiagnosticsStatusNotification: {
    from: cp,
    req: obj({ status: req(oneOf(DIAGNOSTICS_STATUSES)) }),
    conf: empty,
  },
  FirmwareStatusNotification: {
    from: cp,
    req: obj({ status: req(oneOf(FIRMWARE_STATUSES)) }),
    conf: empty,
  },
  Heartbeat: ACTIONS_15.Heartbeat,
  MeterValues: {
    from: cp,
    req: obj({
      connectorId: req(int()),
      transactionId: opt(int()),
      meterValue: req(list(meterValue)),
    }),
    conf: empty,
  },
  StartTransaction: ACTIONS_15.StartTransaction,
  StatusNotification: {
    from: cp,
    req: obj({
      connectorId: req(int()),
      errorCode: req(oneOf(CHARGE_POINT_ERROR_CODES_16)),
      info: opt(str(50)),
      status: req(oneOf(CHARGE_POINT_STATUSES_16)),
      timestamp: opt(dateTime()),
      vendorId: opt(str(255)),
      vendorErrorCode: opt(str(50)),
    }),
    conf: empty,
  },
  StopTransaction: {
    from: cp,
    req: obj({
      idTag: opt(idToken()),
      meterStop: req(int()),
      timestamp: req(dateTime()),
      transactionId: req(int()),
      reason: opt(oneOf(STOP_REASONS)),
      // 1.6 flattens 1.5's [{ values: [...] }] to a list of MeterValue.
      transactionData: opt(list(meterValue)),
    }),
    conf: ACTIONS_15.StopTransaction.conf,
  },
} as const;
