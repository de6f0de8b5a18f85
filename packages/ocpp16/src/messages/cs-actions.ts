/**
 * The OCPP 1.6J operations a central system initiates (CS → CP), transcribed from the official
 * 1.6 JSON schemas (`<Action>.req` / `<Action>.conf`, OCPP 1.6 §5). DataTransfer, sent both
 * ways, is in `actions.ts`. A row or payload that 1.6 left as 1.5 had it (STEVE.md §3:
 * "Identical in both") is the 1.5 table's, so the fact is stated once; the tests compare every
 * row with the official 1.6 schema all the same. `location` (GetDiagnostics, UpdateFirmware)
 * is `"format": "uri"` in the 1.6 schemas but a string here, as in 1.5: the spec language has
 * no URI kind (a test pins this one difference).
 */
import { ACTIONS as ACTIONS_15 } from '@evse/ocpp15';
import { bool, dateTime, int, list, obj, oneOf, opt, req, str } from '@evse/ocppj';
import { CHARGING_PROFILE_PURPOSES, CHARGING_RATE_UNITS } from '../smart/types.js';
import { chargingProfile, chargingSchedule, idTagInfo, idToken } from './common.js';
import {
  CHARGING_PROFILE_STATUSES,
  CLEAR_CHARGING_PROFILE_STATUSES,
  CONFIGURATION_STATUSES,
  GET_COMPOSITE_SCHEDULE_STATUSES,
  MESSAGE_TRIGGERS,
  TRIGGER_MESSAGE_STATUSES,
  UNLOCK_STATUSES,
  UPDATE_STATUSES,
} from './enums.js';

const cs = ['centralSystem'] as const;

/** A configuration key name: CiString50. */
const configKey = () => str(50);

/** The CS → CP rows of the 1.6 action table (data only). */
export const CS_ACTIONS = {
  CancelReservation: ACTIONS_15.CancelReservation,
  ChangeAvailability: ACTIONS_15.ChangeAvailability,
  ChangeConfiguration: {
    from: cs,
    req: obj({ key: req(configKey()), value: req(str(500)) }),
    conf: obj({ status: req(oneOf(CONFIGURATION_STATUSES)) }),
  },
  ClearCache: ACTIONS_15.ClearCache,
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
    req: ACTIONS_15.GetDiagnostics.req,
    conf: obj({ fileName: opt(str(255)) }),
  },
  GetLocalListVersion: ACTIONS_15.GetLocalListVersion,
  RemoteStartTransaction: {
    from: cs,
    req: obj({
      connectorId: opt(int()),
      idTag: req(idToken()),
      // Only a TxProfile is allowed here (OCPP 1.6 §5.11); the schema does not say so.
      chargingProfile: opt(chargingProfile),
    }),
    conf: ACTIONS_15.RemoteStartTransaction.conf,
  },
  RemoteStopTransaction: ACTIONS_15.RemoteStopTransaction,
  ReserveNow: ACTIONS_15.ReserveNow,
  Reset: ACTIONS_15.Reset,
  SendLocalList: {
    from: cs,
    // American spelling in 1.6 (1.5: localAuthorisationList), and no hash.
    req: obj({
      listVersion: req(int()),
      localAuthorizationList: opt(list(obj({ idTag: req(idToken()), idTagInfo: opt(idTagInfo) }))),
      updateType: ACTIONS_15.SendLocalList.req.props.updateType,
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
  UpdateFirmware: ACTIONS_15.UpdateFirmware,
} as const;
