/**
 * The OCPP 1.6J operations a charge point initiates (CP → CS), transcribed from the official
 * 1.6 JSON schemas (`<Action>.req` / `<Action>.conf`, OCPP 1.6 §4). DataTransfer, sent both
 * ways, is in `actions.ts`.
 */
import { dateTime, int, list, obj, oneOf, opt, req, str } from '@evse/ocppj';
import { CHARGE_POINT_ERROR_CODES_16, CHARGE_POINT_STATUSES_16 } from '../status-map.js';
import { empty, idTagInfo, idToken, meterValue } from './common.js';
import {
  DIAGNOSTICS_STATUSES,
  FIRMWARE_STATUSES,
  REGISTRATION_STATUSES,
  STOP_REASONS,
} from './enums.js';

const cp = ['chargePoint'] as const;

/** The CP → CS rows of the 1.6 action table (data only). */
export const CP_ACTIONS = {
  Authorize: {
    from: cp,
    req: obj({ idTag: req(idToken()) }),
    conf: obj({ idTagInfo: req(idTagInfo) }),
  },
  BootNotification: {
    from: cp,
    req: obj({
      chargePointVendor: req(str(20)),
      chargePointModel: req(str(20)),
      chargePointSerialNumber: opt(str(25)),
      chargeBoxSerialNumber: opt(str(25)),
      firmwareVersion: opt(str(50)),
      iccid: opt(str(20)),
      imsi: opt(str(20)),
      meterType: opt(str(25)),
      meterSerialNumber: opt(str(25)),
    }),
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
  Heartbeat: { from: cp, req: empty, conf: obj({ currentTime: req(dateTime()) }) },
  MeterValues: {
    from: cp,
    req: obj({
      connectorId: req(int()),
      transactionId: opt(int()),
      meterValue: req(list(meterValue)),
    }),
    conf: empty,
  },
  StartTransaction: {
    from: cp,
    req: obj({
      connectorId: req(int()),
      idTag: req(idToken()),
      meterStart: req(int()),
      reservationId: opt(int()),
      timestamp: req(dateTime()),
    }),
    conf: obj({ idTagInfo: req(idTagInfo), transactionId: req(int()) }),
  },
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
    conf: obj({ idTagInfo: opt(idTagInfo) }),
  },
} as const;
