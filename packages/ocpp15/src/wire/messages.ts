/**
 * The OCPP 1.5 action table: for each of the 24 operations (DataTransfer is one pair used in
 * both directions, so 25 action/direction pairs) who may send it and the request and
 * confirmation payload shapes, transcribed from the two 1.5 WSDLs in SteVe's ocpp-jaxb
 * (`ocpp_centralsystemservice_1.5_final.wsdl`, `ocpp_chargepointservice_1.5_final.wsdl`),
 * with SteVe's JSON property names (STEVE.md §1.7, §2). Types are inferred from the table.
 */

import {
  type ActionDef,
  type ActionOf,
  bool,
  type ConfirmationOf,
  dateTime,
  defineDialect,
  type Infer,
  type Initiator,
  int,
  list,
  obj,
  oneOf,
  opt,
  type RequestOf,
  req,
  type SentBy,
  str,
} from '@evse/ocppj';
import {
  AUTHORIZATION_STATUSES,
  AVAILABILITY_STATUSES,
  AVAILABILITY_TYPES,
  CANCEL_RESERVATION_STATUSES,
  CHARGE_POINT_ERROR_CODES,
  CHARGE_POINT_STATUSES,
  CLEAR_CACHE_STATUSES,
  CONFIGURATION_STATUSES,
  DATA_TRANSFER_STATUSES,
  DIAGNOSTICS_STATUSES,
  FIRMWARE_STATUSES,
  LOCATIONS,
  MEASURANDS,
  READING_CONTEXTS,
  REGISTRATION_STATUSES,
  REMOTE_START_STOP_STATUSES,
  RESERVATION_STATUSES,
  RESET_STATUSES,
  RESET_TYPES,
  UNITS_OF_MEASURE,
  UNLOCK_STATUSES,
  UPDATE_STATUSES,
  UPDATE_TYPES,
  VALUE_FORMATS,
} from './enums.js';

/** XSD `IdToken`: at most 20 characters. */
const idToken = () => str(20);

const idTagInfo = obj({
  status: req(oneOf(AUTHORIZATION_STATUSES)),
  expiryDate: opt(dateTime()),
  parentIdTag: opt(idToken()),
});

/** 1.5 sampled value: simpleContent text as `value`, attributes beside it (STEVE.md §1.7). */
const sampledValue = obj({
  value: req(str()),
  context: opt(oneOf(READING_CONTEXTS)),
  format: opt(oneOf(VALUE_FORMATS)),
  measurand: opt(oneOf(MEASURANDS)),
  location: opt(oneOf(LOCATIONS)),
  unit: opt(oneOf(UNITS_OF_MEASURE)),
});

const meterValue = obj({
  timestamp: req(dateTime()),
  value: req(list(sampledValue, 1)),
});

const empty = obj({});

export type { ActionDef, Initiator } from '@evse/ocppj';

const cp = ['chargePoint'] as const;
const cs = ['centralSystem'] as const;

/** The OCPP 1.5 action table (data only). */
export const ACTIONS = {
  // ---- CP → CS (ocpp_centralsystemservice_1.5_final.wsdl) ----
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
    conf: obj({
      status: req(oneOf(REGISTRATION_STATUSES)),
      currentTime: req(dateTime()),
      heartbeatInterval: req(int()),
    }),
  },
  DataTransfer: {
    from: ['chargePoint', 'centralSystem'],
    // 1.5 leaves vendorId/messageId/data unbounded (STEVE.md §2).
    req: obj({ vendorId: req(str()), messageId: opt(str()), data: opt(str()) }),
    conf: obj({ status: req(oneOf(DATA_TRANSFER_STATUSES)), data: opt(str()) }),
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
      values: opt(list(meterValue)),
    }),
    conf: empty,
  },
  StartTransaction: {
    from: cp,
    req: obj({
      connectorId: req(int()),
      idTag: req(idToken()),
      timestamp: req(dateTime()),
      meterStart: req(int()),
      reservationId: opt(int()),
    }),
    conf: obj({ transactionId: req(int()), idTagInfo: req(idTagInfo) }),
  },
  StatusNotification: {
    from: cp,
    req: obj({
      connectorId: req(int()),
      status: req(oneOf(CHARGE_POINT_STATUSES)),
      errorCode: req(oneOf(CHARGE_POINT_ERROR_CODES)),
      info: opt(str()),
      timestamp: opt(dateTime()),
      vendorId: opt(str()),
      vendorErrorCode: opt(str()),
    }),
    conf: empty,
  },
  StopTransaction: {
    from: cp,
    req: obj({
      transactionId: req(int()),
      idTag: opt(idToken()),
      timestamp: req(dateTime()),
      meterStop: req(int()),
      // 1.5 wraps the meter values once more: [{ values: [MeterValue] }] (STEVE.md §3).
      transactionData: opt(list(obj({ values: opt(list(meterValue)) }))),
    }),
    conf: obj({ idTagInfo: opt(idTagInfo) }),
  },
  // ---- CS → CP (ocpp_chargepointservice_1.5_final.wsdl) ----
  CancelReservation: {
    from: cs,
    req: obj({ reservationId: req(int()) }),
    conf: obj({ status: req(oneOf(CANCEL_RESERVATION_STATUSES)) }),
  },
  ChangeAvailability: {
    from: cs,
    req: obj({ connectorId: req(int()), type: req(oneOf(AVAILABILITY_TYPES)) }),
    conf: obj({ status: req(oneOf(AVAILABILITY_STATUSES)) }),
  },
  ChangeConfiguration: {
    from: cs,
    req: obj({ key: req(str()), value: req(str()) }),
    conf: obj({ status: req(oneOf(CONFIGURATION_STATUSES)) }),
  },
  ClearCache: { from: cs, req: empty, conf: obj({ status: req(oneOf(CLEAR_CACHE_STATUSES)) }) },
  GetConfiguration: {
    from: cs,
    req: obj({ key: opt(list(str())) }),
    conf: obj({
      configurationKey: opt(
        list(obj({ key: req(str()), readonly: req(bool()), value: opt(str()) })),
      ),
      unknownKey: opt(list(str())),
    }),
  },
  GetDiagnostics: {
    from: cs,
    req: obj({
      location: req(str()), // xs:anyURI, a plain string for SteVe/JAXB
      startTime: opt(dateTime()),
      stopTime: opt(dateTime()),
      retries: opt(int()),
      retryInterval: opt(int()),
    }),
    conf: obj({ fileName: opt(str()) }),
  },
  GetLocalListVersion: { from: cs, req: empty, conf: obj({ listVersion: req(int()) }) },
  RemoteStartTransaction: {
    from: cs,
    req: obj({ idTag: req(idToken()), connectorId: opt(int()) }),
    conf: obj({ status: req(oneOf(REMOTE_START_STOP_STATUSES)) }),
  },
  RemoteStopTransaction: {
    from: cs,
    req: obj({ transactionId: req(int()) }),
    conf: obj({ status: req(oneOf(REMOTE_START_STOP_STATUSES)) }),
  },
  ReserveNow: {
    from: cs,
    req: obj({
      connectorId: req(int()),
      expiryDate: req(dateTime()),
      idTag: req(idToken()),
      parentIdTag: opt(idToken()),
      reservationId: req(int()),
    }),
    conf: obj({ status: req(oneOf(RESERVATION_STATUSES)) }),
  },
  Reset: {
    from: cs,
    req: obj({ type: req(oneOf(RESET_TYPES)) }),
    conf: obj({ status: req(oneOf(RESET_STATUSES)) }),
  },
  SendLocalList: {
    from: cs,
    req: obj({
      updateType: req(oneOf(UPDATE_TYPES)),
      listVersion: req(int()),
      // British spelling in 1.5 (STEVE.md §3).
      localAuthorisationList: opt(list(obj({ idTag: req(idToken()), idTagInfo: opt(idTagInfo) }))),
      hash: opt(str()),
    }),
    conf: obj({ status: req(oneOf(UPDATE_STATUSES)), hash: opt(str()) }),
  },
  UnlockConnector: {
    from: cs,
    req: obj({ connectorId: req(int()) }),
    conf: obj({ status: req(oneOf(UNLOCK_STATUSES)) }),
  },
  UpdateFirmware: {
    from: cs,
    req: obj({
      retrieveDate: req(dateTime()),
      location: req(str()),
      retries: opt(int()),
      retryInterval: opt(int()),
    }),
    conf: empty,
  },
} as const satisfies Record<string, ActionDef>;

/** The subprotocol of OCPP 1.5J (STEVE.md §1.2: exact, case-sensitive). */
export const SUBPROTOCOL = 'ocpp1.5';

/** OCPP 1.5J as a dialect of the shared OCPP-J layer (@evse/ocppj). */
export const OCPP15 = defineDialect(SUBPROTOCOL, ACTIONS);
/** The type of {@link OCPP15}. */
export type Ocpp15Dialect = typeof OCPP15;

/** Every OCPP 1.5 action name. */
export type Action = ActionOf<Ocpp15Dialect>;
/** All action names, in table order. */
export const ACTION_NAMES = Object.keys(ACTIONS) as Action[];
/** Actions a charge point sends (CP → CS). */
export type ChargePointAction = SentBy<Ocpp15Dialect, 'chargePoint'>;
/** Actions a central system sends (CS → CP). */
export type CentralSystemAction = SentBy<Ocpp15Dialect, 'centralSystem'>;
/** The request payload of action `A`. */
export type Request<A extends Action> = RequestOf<Ocpp15Dialect, A>;
/** The confirmation payload of action `A`. */
export type Confirmation<A extends Action> = ConfirmationOf<Ocpp15Dialect, A>;

/** True when `name` is an OCPP 1.5 action (exact, case-sensitive; STEVE.md §5.1). */
export const isAction = (name: string): name is Action => Object.hasOwn(ACTIONS, name);
/** True when `initiator` may send a CALL for `action`. */
export const sentBy = (action: Action, initiator: Initiator): boolean =>
  OCPP15.sentBy[initiator].has(action);

/** IdTagInfo (Authorize/StartTransaction/StopTransaction .conf, SendLocalList entries). */
export type IdTagInfo = Infer<typeof idTagInfo>;
/** A 1.5 sampled value. */
export type SampledValue = Infer<typeof sampledValue>;
/** A 1.5 MeterValue (`timestamp` + `value` samples). */
export type MeterValue = Infer<typeof meterValue>;

/** Authorize.req */ export type AuthorizeReq = Request<'Authorize'>;
/** Authorize.conf */ export type AuthorizeConf = Confirmation<'Authorize'>;
/** BootNotification.req */ export type BootNotificationReq = Request<'BootNotification'>;
/** BootNotification.conf */ export type BootNotificationConf = Confirmation<'BootNotification'>;
/** DataTransfer.req */ export type DataTransferReq = Request<'DataTransfer'>;
/** DataTransfer.conf */ export type DataTransferConf = Confirmation<'DataTransfer'>;
/** DiagnosticsStatusNotification.req */ export type DiagnosticsStatusNotificationReq =
  Request<'DiagnosticsStatusNotification'>;
/** FirmwareStatusNotification.req */ export type FirmwareStatusNotificationReq =
  Request<'FirmwareStatusNotification'>;
/** Heartbeat.conf */ export type HeartbeatConf = Confirmation<'Heartbeat'>;
/** MeterValues.req */ export type MeterValuesReq = Request<'MeterValues'>;
/** StartTransaction.req */ export type StartTransactionReq = Request<'StartTransaction'>;
/** StartTransaction.conf */ export type StartTransactionConf = Confirmation<'StartTransaction'>;
/** StatusNotification.req */ export type StatusNotificationReq = Request<'StatusNotification'>;
/** StopTransaction.req */ export type StopTransactionReq = Request<'StopTransaction'>;
/** StopTransaction.conf */ export type StopTransactionConf = Confirmation<'StopTransaction'>;
/** CancelReservation.req */ export type CancelReservationReq = Request<'CancelReservation'>;
/** ChangeAvailability.req */ export type ChangeAvailabilityReq = Request<'ChangeAvailability'>;
/** ChangeConfiguration.req */ export type ChangeConfigurationReq = Request<'ChangeConfiguration'>;
/** GetConfiguration.req */ export type GetConfigurationReq = Request<'GetConfiguration'>;
/** GetConfiguration.conf */ export type GetConfigurationConf = Confirmation<'GetConfiguration'>;
/** GetDiagnostics.req */ export type GetDiagnosticsReq = Request<'GetDiagnostics'>;
/** RemoteStartTransaction.req */ export type RemoteStartTransactionReq =
  Request<'RemoteStartTransaction'>;
/** RemoteStopTransaction.req */ export type RemoteStopTransactionReq =
  Request<'RemoteStopTransaction'>;
/** ReserveNow.req */ export type ReserveNowReq = Request<'ReserveNow'>;
/** Reset.req */ export type ResetReq = Request<'Reset'>;
/** SendLocalList.req */ export type SendLocalListReq = Request<'SendLocalList'>;
/** UnlockConnector.req */ export type UnlockConnectorReq = Request<'UnlockConnector'>;
/** UpdateFirmware.req */ export type UpdateFirmwareReq = Request<'UpdateFirmware'>;
