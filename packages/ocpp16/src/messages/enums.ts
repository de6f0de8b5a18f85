/**
 * The OCPP 1.6J enumerations, literal for literal as the official 1.6 JSON schemas define
 * them (OCPP 1.6 §7 data types; the central system matches them case-sensitively, STEVE.md
 * §1.7). One table per enum; the message table (`actions.ts`) and its types are built on them.
 * The ChargingProfile enums live with the smart-charging engine (`../smart/types.ts`) and the
 * StatusNotification enums with the status map (`../status-map.ts`); an enum 1.6 kept from 1.5
 * is the 1.5 table's, one 1.6 extended is the 1.5 list plus the new literals (STEVE.md §3):
 * each fact is stated once.
 */
import {
  ACTIONS as ACTIONS_15,
  AUTHORIZATION_STATUSES as AUTHORIZATION_STATUSES_15,
  MEASURANDS as MEASURANDS_15,
  READING_CONTEXTS as READING_CONTEXTS_15,
  REGISTRATION_STATUSES as REGISTRATION_STATUSES_15,
} from '@evse/ocpp15';

// The 1.5 sampled value's properties, where its format and location enums are.
const sample15 = ACTIONS_15.MeterValues.req.props.values.spec.items.props.value.spec.items.props;

/** `AuthorizationStatus` (IdTagInfo.status). */
export const AUTHORIZATION_STATUSES = AUTHORIZATION_STATUSES_15;
/** One of {@link AUTHORIZATION_STATUSES}. */
export type AuthorizationStatus = (typeof AUTHORIZATION_STATUSES)[number];

/** `RegistrationStatus` (BootNotification.conf; 1.6 adds `Pending`). */
export const REGISTRATION_STATUSES = [...REGISTRATION_STATUSES_15, 'Pending'] as const;
/** One of {@link REGISTRATION_STATUSES}. */
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** `DataTransferStatus`. */
export const DATA_TRANSFER_STATUSES = ACTIONS_15.DataTransfer.conf.props.status.spec.values;
/** One of {@link DATA_TRANSFER_STATUSES}. */
export type DataTransferStatus = (typeof DATA_TRANSFER_STATUSES)[number];

/** `DiagnosticsStatus` (1.6 adds `Idle` and `Uploading`). */
export const DIAGNOSTICS_STATUSES = [
  ...ACTIONS_15.DiagnosticsStatusNotification.req.props.status.spec.values,
  'Idle',
  'Uploading',
] as const;
/** One of {@link DIAGNOSTICS_STATUSES}. */
export type DiagnosticsStatus = (typeof DIAGNOSTICS_STATUSES)[number];

/** `FirmwareStatus` (1.6 adds `Downloading`, `Idle`, `Installing`). */
export const FIRMWARE_STATUSES = [
  ...ACTIONS_15.FirmwareStatusNotification.req.props.status.spec.values,
  'Downloading',
  'Idle',
  'Installing',
] as const;
/** One of {@link FIRMWARE_STATUSES}. */
export type FirmwareStatus = (typeof FIRMWARE_STATUSES)[number];

/** `ReadingContext` (SampledValue.context; 1.6 adds `Trigger`, `Other`). */
export const READING_CONTEXTS = [...READING_CONTEXTS_15, 'Trigger', 'Other'] as const;
/** One of {@link READING_CONTEXTS}. */
export type ReadingContext = (typeof READING_CONTEXTS)[number];

/** `ValueFormat` (SampledValue.format). */
export const VALUE_FORMATS = sample15.format.spec.values;
/** One of {@link VALUE_FORMATS}. */
export type ValueFormat = (typeof VALUE_FORMATS)[number];

/** `Measurand` (SampledValue.measurand): 1.5's 16 and 6 new in 1.6. */
export const MEASURANDS = [
  ...MEASURANDS_15,
  'Power.Offered',
  'Power.Factor',
  'Current.Offered',
  'Frequency',
  'SoC',
  'RPM',
] as const;
/** One of {@link MEASURANDS}. */
export type Measurand = (typeof MEASURANDS)[number];

/** `Phase` (SampledValue.phase, new in 1.6). */
export const PHASES = [
  'L1',
  'L2',
  'L3',
  'N',
  'L1-N',
  'L2-N',
  'L3-N',
  'L1-L2',
  'L2-L3',
  'L3-L1',
] as const;
/** One of {@link PHASES}. */
export type Phase = (typeof PHASES)[number];

/** `Location` (SampledValue.location; 1.6 adds `Cable`, `EV`). */
export const LOCATIONS = ['Cable', 'EV', ...sample15.location.spec.values] as const;
/** One of {@link LOCATIONS}. */
export type Location = (typeof LOCATIONS)[number];

/**
 * `UnitOfMeasure` (SampledValue.unit). 1.6 spells `A` and `V` (1.5: `Amp`, `Volt`); the
 * official schema carries both the misspelt `Celcius` and `Celsius`, so both are accepted.
 */
export const UNITS_OF_MEASURE = [
  'Wh',
  'kWh',
  'varh',
  'kvarh',
  'W',
  'kW',
  'VA',
  'kVA',
  'var',
  'kvar',
  'A',
  'V',
  'K',
  'Celcius',
  'Celsius',
  'Fahrenheit',
  'Percent',
] as const;
/** One of {@link UNITS_OF_MEASURE}. */
export type UnitOfMeasure = (typeof UNITS_OF_MEASURE)[number];

/** `Reason` (StopTransaction.reason, new in 1.6; absent means `Local`). */
export const STOP_REASONS = [
  'EmergencyStop',
  'EVDisconnected',
  'HardReset',
  'Local',
  'Other',
  'PowerLoss',
  'Reboot',
  'Remote',
  'SoftReset',
  'UnlockCommand',
  'DeAuthorized',
] as const;
/** One of {@link STOP_REASONS}. */
export type StopReason = (typeof STOP_REASONS)[number];

/** `CancelReservationStatus`. */
export const CANCEL_RESERVATION_STATUSES =
  ACTIONS_15.CancelReservation.conf.props.status.spec.values;
/** One of {@link CANCEL_RESERVATION_STATUSES}. */
export type CancelReservationStatus = (typeof CANCEL_RESERVATION_STATUSES)[number];

/** `AvailabilityType` (ChangeAvailability.type). */
export const AVAILABILITY_TYPES = ACTIONS_15.ChangeAvailability.req.props.type.spec.values;
/** One of {@link AVAILABILITY_TYPES}. */
export type AvailabilityType = (typeof AVAILABILITY_TYPES)[number];

/** `AvailabilityStatus` (ChangeAvailability.conf). */
export const AVAILABILITY_STATUSES = ACTIONS_15.ChangeAvailability.conf.props.status.spec.values;
/** One of {@link AVAILABILITY_STATUSES}. */
export type AvailabilityStatus = (typeof AVAILABILITY_STATUSES)[number];

/** `ConfigurationStatus` (ChangeConfiguration.conf; 1.6 adds `RebootRequired`). */
export const CONFIGURATION_STATUSES = [
  ...ACTIONS_15.ChangeConfiguration.conf.props.status.spec.values,
  'RebootRequired',
] as const;
/** One of {@link CONFIGURATION_STATUSES}. */
export type ConfigurationStatus = (typeof CONFIGURATION_STATUSES)[number];

/** `ClearCacheStatus`. */
export const CLEAR_CACHE_STATUSES = ACTIONS_15.ClearCache.conf.props.status.spec.values;
/** One of {@link CLEAR_CACHE_STATUSES}. */
export type ClearCacheStatus = (typeof CLEAR_CACHE_STATUSES)[number];

/** `ClearChargingProfileStatus`. */
export const CLEAR_CHARGING_PROFILE_STATUSES = ['Accepted', 'Unknown'] as const;
/** One of {@link CLEAR_CHARGING_PROFILE_STATUSES}. */
export type ClearChargingProfileStatus = (typeof CLEAR_CHARGING_PROFILE_STATUSES)[number];

/** `GetCompositeScheduleStatus`. */
export const GET_COMPOSITE_SCHEDULE_STATUSES = ['Accepted', 'Rejected'] as const;
/** One of {@link GET_COMPOSITE_SCHEDULE_STATUSES}. */
export type GetCompositeScheduleStatus = (typeof GET_COMPOSITE_SCHEDULE_STATUSES)[number];

/** `RemoteStartStopStatus` (RemoteStart/StopTransaction.conf). */
export const REMOTE_START_STOP_STATUSES =
  ACTIONS_15.RemoteStartTransaction.conf.props.status.spec.values;
/** One of {@link REMOTE_START_STOP_STATUSES}. */
export type RemoteStartStopStatus = (typeof REMOTE_START_STOP_STATUSES)[number];

/** `ReservationStatus` (ReserveNow.conf). */
export const RESERVATION_STATUSES = ACTIONS_15.ReserveNow.conf.props.status.spec.values;
/** One of {@link RESERVATION_STATUSES}. */
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/** `ResetType`. */
export const RESET_TYPES = ACTIONS_15.Reset.req.props.type.spec.values;
/** One of {@link RESET_TYPES}. */
export type ResetType = (typeof RESET_TYPES)[number];

/** `ResetStatus`. */
export const RESET_STATUSES = ACTIONS_15.Reset.conf.props.status.spec.values;
/** One of {@link RESET_STATUSES}. */
export type ResetStatus = (typeof RESET_STATUSES)[number];

/** `UpdateType` (SendLocalList.updateType). */
export const UPDATE_TYPES = ACTIONS_15.SendLocalList.req.props.updateType.spec.values;
/** One of {@link UPDATE_TYPES}. */
export type UpdateType = (typeof UPDATE_TYPES)[number];

/** `UpdateStatus` (SendLocalList.conf; 1.6 drops 1.5's `HashError` with the hash). */
export const UPDATE_STATUSES = ['Accepted', 'Failed', 'NotSupported', 'VersionMismatch'] as const;
/** One of {@link UPDATE_STATUSES}. */
export type UpdateStatus = (typeof UPDATE_STATUSES)[number];

/** `ChargingProfileStatus` (SetChargingProfile.conf). */
export const CHARGING_PROFILE_STATUSES = ['Accepted', 'Rejected', 'NotSupported'] as const;
/** One of {@link CHARGING_PROFILE_STATUSES}. */
export type ChargingProfileStatus = (typeof CHARGING_PROFILE_STATUSES)[number];

/** `MessageTrigger` (TriggerMessage.requestedMessage): the messages a CS may ask for. */
export const MESSAGE_TRIGGERS = [
  'BootNotification',
  'DiagnosticsStatusNotification',
  'FirmwareStatusNotification',
  'Heartbeat',
  'MeterValues',
  'StatusNotification',
] as const;
/** One of {@link MESSAGE_TRIGGERS}. */
export type MessageTrigger = (typeof MESSAGE_TRIGGERS)[number];

/** `TriggerMessageStatus`. */
export const TRIGGER_MESSAGE_STATUSES = ['Accepted', 'Rejected', 'NotImplemented'] as const;
/** One of {@link TRIGGER_MESSAGE_STATUSES}. */
export type TriggerMessageStatus = (typeof TRIGGER_MESSAGE_STATUSES)[number];

/** `UnlockStatus` (1.6: Unlocked/UnlockFailed/NotSupported; 1.5 had Accepted/Rejected). */
export const UNLOCK_STATUSES = ['Unlocked', 'UnlockFailed', 'NotSupported'] as const;
/** One of {@link UNLOCK_STATUSES}. */
export type UnlockStatus = (typeof UNLOCK_STATUSES)[number];
