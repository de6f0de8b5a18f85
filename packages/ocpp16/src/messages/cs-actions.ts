/**
 * The OCPP 1.6J operations a central system initiates (CS → CP), transcribed from the official
 * 1.6 JSON schemas (`<Action>.req` / `<Action>.conf`, OCPP 1.6 §5). DataTransfer, sent both
 * ways, is in `actions.ts`.
 */
import { bool, dateTime, int, list, obj, oneOf, opt, req, str } from '@evse/ocppj';
import { CHARGING_PROFILE_PURPOSES, CHARGING_RATE_UNITS } from '../smart/types.js';
import { chargingProfile, chargingSchedule, empty, idTagInfo, idToken } from './common.js';
import {
  AVAILABILITY_STATUSES,
  AVAILABILITY_TYPES,
  CANCEL_RESERVATION_STATUSES,
  CHARGING_PROFILE_STATUSES,
  CLEAR_CACHE_STATUSES,
  CLEAR_CHARGING_PROFILE_STATUSES,
  CONFIGURATION_STATUSES,
  GET_COMPOSITE_SCHEDULE_STATUSES,
  MESSAGE_TRIGGERS,
  REMOTE_START_STOP_STATUSES,
  RESERVATION_STATUSES,
  RESET_STATUSES,
  RESET_TYPES,
  TRIGGER_MESSAGE_STATUSES,
  UNLOCK_STATUSES,
  UPDATE_STATUSES,
  UPDATE_TYPES,
} from './enums.js';

const cs = ['centralSystem'] as const;

/** A configuration key name: CiString50. */
const configKey = () => str(50);

// `location` is `"format": "uri"` in the schemas; the spec language has no URI kind, so it is
// checked as a string (the oracle tests generate URIs; a non-URI is the one thing the official
// schema rejects that this table accepts).
const uri = () => str();

/** The CS → CP rows of the 1.6 action table (data only). */
export const CS_ACTIONS = {
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
    req: obj({ key: req(configKey()), value: req(str(500)) }),
    conf: obj({ status: req(oneOf(CONFIGURATION_STATUSES)) }),
  },
  ClearCache: { from: cs, req: empty, conf: obj({ status: req(oneOf(CLEAR_CACHE_STATUSES)) }) },
  ClearChargingProfile: {
    from: cs,
    // Every criterion optional: none clears every profile (OCPP 1.6 §5.5).
    req: obj({
      id: opt(int()),
      connectorId: opt(int()),
      chargingProfilePurpose: opt(oneOf(CHARGING_PROFILE_PURPOSES)),
      stackLevel: opt(int()),
    }),
    conf: obj({ status: req(oneOf(CLEAR_CHARGING_PROFILE_STATUSES)) }),
  },
  GetCompositeSchedule: {
    from: cs,
    req: obj({
      connectorId: req(int()),
      duration: req(int()),
      chargingRateUnit: opt(oneOf(CHARGING_RATE_UNITS)),
    }),
    conf: obj({
      status: req(oneOf(GET_COMPOSITE_SCHEDULE_STATUSES)),
      connectorId: opt(int()),
      scheduleStart: opt(dateTime()),
      chargingSchedule: opt(chargingSchedule),
    }),
  },
  GetConfiguration: {
    from: cs,
    req: obj({ key: opt(list(configKey())) }),
    conf: obj({
      configurationKey: opt(
        list(obj({ key: req(configKey()), readonly: req(bool()), value: opt(str(500)) })),
      ),
      unknownKey: opt(list(configKey())),
    }),
  },
  GetDiagnostics: {
    from: cs,
    req: obj({
      location: req(uri()),
      retries: opt(int()),
      retryInterval: opt(int()),
      startTime: opt(dateTime()),
      stopTime: opt(dateTime()),
    }),
    conf: obj({ fileName: opt(str(255)) }),
  },
  GetLocalListVersion: { from: cs, req: empty, conf: obj({ listVersion: req(int()) }) },
  RemoteStartTransaction: {
    from: cs,
    req: obj({
      connectorId: opt(int()),
      idTag: req(idToken()),
      // Only a TxProfile is allowed here (OCPP 1.6 §5.11); the schema does not say so.
      chargingProfile: opt(chargingProfile),
    }),
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
    // American spelling in 1.6 (1.5: localAuthorisationList), and no hash.
    req: obj({
      listVersion: req(int()),
      localAuthorizationList: opt(list(obj({ idTag: req(idToken()), idTagInfo: opt(idTagInfo) }))),
      updateType: req(oneOf(UPDATE_TYPES)),
    }),
    conf: obj({ status: req(oneOf(UPDATE_STATUSES)) }),
  },
  SetChargingProfile: {
    from: cs,
    req: obj({ connectorId: req(int()), csChargingProfiles: req(chargingProfile) }),
    conf: obj({ status: req(oneOf(CHARGING_PROFILE_STATUSES)) }),
  },
  TriggerMessage: {
    from: cs,
    req: obj({ requestedMessage: req(oneOf(MESSAGE_TRIGGERS)), connectorId: opt(int()) }),
    conf: obj({ status: req(oneOf(TRIGGER_MESSAGE_STATUSES)) }),
  },
  UnlockConnector: {
    from: cs,
    req: obj({ connectorId: req(int()) }),
    conf: obj({ status: req(oneOf(UNLOCK_STATUSES)) }),
  },
  UpdateFirmware: {
    from: cs,
    req: obj({
      location: req(uri()),
      retries: opt(int()),
      retrieveDate: req(dateTime()),
      retryInterval: opt(int()),
    }),
    conf: empty,
  },
} as const;
