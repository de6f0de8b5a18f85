/**
 * The OCPP 1.6 data types several messages share (OCPP 1.6 §7: IdTagInfo, MeterValue,
 * SampledValue, ChargingProfile, ChargingSchedule), in the spec language of @evse/ocppj, as
 * the official 1.6 JSON schemas define them: every object closed, CiStringNN as `str(NN)`,
 * decimals as `num(0.1)`. What 1.6 left as 1.5 had it is taken from @evse/ocpp15's table.
 */
import { ACTIONS as ACTIONS_15 } from '@evse/ocpp15';
import { dateTime, type Infer, int, list, num, obj, oneOf, opt, req, str } from '@evse/ocppj';
import {
  CHARGING_PROFILE_KINDS,
  CHARGING_PROFILE_PURPOSES,
  CHARGING_RATE_UNITS,
  RECURRENCY_KINDS,
} from '../smart/types.js';
import {
  LOCATIONS,
  MEASURANDS,
  PHASES,
  READING_CONTEXTS,
  UNITS_OF_MEASURE,
  VALUE_FORMATS,
} from './enums.js';

/** `IdToken`: CiString20. */
export const idToken = () => str(20);

/**
 * `IdTagInfo` (Authorize/StartTransaction/StopTransaction.conf, SendLocalList entries): the
 * same in 1.5 and 1.6 (STEVE.md §3), so it is the 1.5 table's.
 */
export const idTagInfo = ACTIONS_15.Authorize.conf.props.idTagInfo.spec;

/** `SampledValue`: the reading is a string (`value`), its attributes beside it. */
export const sampledValue = obj({
  value: req(str()),
  context: opt(oneOf(READING_CONTEXTS)),
  format: opt(oneOf(VALUE_FORMATS)),
  measurand: opt(oneOf(MEASURANDS)),
  phase: opt(oneOf(PHASES)),
  location: opt(oneOf(LOCATIONS)),
  unit: opt(oneOf(UNITS_OF_MEASURE)),
});

/** `MeterValue`: a timestamp and its samples (1.6 names them `sampledValue`, 1.5 `value`). */
export const meterValue = obj({
  timestamp: req(dateTime()),
  sampledValue: req(list(sampledValue)),
});

/** `ChargingSchedule`: `limit` and `minChargingRate` are decimals with one fraction digit. */
export const chargingSchedule = obj({
  duration: opt(int()),
  startSchedule: opt(dateTime()),
  chargingRateUnit: req(oneOf(CHARGING_RATE_UNITS)),
  chargingSchedulePeriod: req(
    list(
      obj({
        startPeriod: req(int()),
        limit: req(num(0.1)),
        numberPhases: opt(int()),
      }),
    ),
  ),
  minChargingRate: opt(num(0.1)),
});

/** `ChargingProfile` (SetChargingProfile `csChargingProfiles`, RemoteStartTransaction). */
export const chargingProfile = obj({
  chargingProfileId: req(int()),
  transactionId: opt(int()),
  stackLevel: req(int()),
  chargingProfilePurpose: req(oneOf(CHARGING_PROFILE_PURPOSES)),
  chargingProfileKind: req(oneOf(CHARGING_PROFILE_KINDS)),
  recurrencyKind: opt(oneOf(RECURRENCY_KINDS)),
  validFrom: opt(dateTime()),
  validTo: opt(dateTime()),
  chargingSchedule: req(chargingSchedule),
});

/** An empty payload (`{}`, closed). */
export const empty = obj({});

/** IdTagInfo as a TypeScript type. */
export type IdTagInfo = Infer<typeof idTagInfo>;
/** A 1.6 SampledValue. */
export type SampledValue = Infer<typeof sampledValue>;
/** A 1.6 MeterValue (`timestamp` + `sampledValue`). */
export type MeterValue = Infer<typeof meterValue>;
