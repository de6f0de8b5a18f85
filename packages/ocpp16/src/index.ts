// Public API of @evse/ocpp16: named exports only (STYLE.md §2.14), kept sorted by path.

// ---- the 1.6 charge point (src/charge-point/*, on @evse/ocpp15's shared engine) ----
export type { ChargePoint16, ChargePoint16Options } from './charge-point/create.js';
export { createChargePoint16 } from './charge-point/create.js';
export { SMART_CLIENT } from './charge-point/smart.js';
export type {
  ChangeVerdict,
  ConfigKey16,
  ConfigKeyDef16,
  KeyProfile,
  KeyValue16,
} from './config-keys.js';
export {
  CONFIG_KEYS_16,
  changeConfiguration,
  configValueProblem,
  getConfiguration,
  isConfigKey16,
} from './config-keys.js';
export type { ConfigType, FeatureProfile } from './config-types.js';
export { FEATURE_PROFILES, TYPE_CHECKS } from './config-types.js';
// ---- OCPP 1.6J messages: the action table, its enums and validators (src/messages/) ----
export type {
  Action,
  ActionDef,
  CentralSystemAction,
  ChargePointAction,
  Confirmation,
  Initiator,
  Request,
} from './messages/actions.js';
export { ACTION_NAMES, ACTIONS, isAction, SUBPROTOCOL_16, sentBy } from './messages/actions.js';
export type { IdTagInfo, MeterValue, SampledValue } from './messages/common.js';
export type { Ocpp16Dialect } from './messages/dialect.js';
export { OCPP16 } from './messages/dialect.js';
export type {
  AuthorizationStatus,
  AvailabilityStatus,
  AvailabilityType,
  CancelReservationStatus,
  ChargingProfileStatus,
  ClearCacheStatus,
  ClearChargingProfileStatus,
  ConfigurationStatus,
  DataTransferStatus,
  DiagnosticsStatus,
  FirmwareStatus,
  GetCompositeScheduleStatus,
  Location,
  Measurand,
  MessageTrigger,
  Phase,
  ReadingContext,
  RegistrationStatus,
  RemoteStartStopStatus,
  ReservationStatus,
  ResetStatus,
  ResetType,
  StopReason,
  TriggerMessageStatus,
  UnitOfMeasure,
  UnlockStatus,
  UpdateStatus,
  UpdateType,
  ValueFormat,
} from './messages/enums.js';
export {
  AUTHORIZATION_STATUSES,
  AVAILABILITY_STATUSES,
  AVAILABILITY_TYPES,
  CANCEL_RESERVATION_STATUSES,
  CHARGING_PROFILE_STATUSES,
  CLEAR_CACHE_STATUSES,
  CLEAR_CHARGING_PROFILE_STATUSES,
  CONFIGURATION_STATUSES,
  DATA_TRANSFER_STATUSES,
  DIAGNOSTICS_STATUSES,
  FIRMWARE_STATUSES,
  GET_COMPOSITE_SCHEDULE_STATUSES,
  LOCATIONS,
  MEASURANDS,
  MESSAGE_TRIGGERS,
  PHASES,
  READING_CONTEXTS,
  REGISTRATION_STATUSES,
  REMOTE_START_STOP_STATUSES,
  RESERVATION_STATUSES,
  RESET_STATUSES,
  RESET_TYPES,
  STOP_REASONS,
  TRIGGER_MESSAGE_STATUSES,
  UNITS_OF_MEASURE,
  UNLOCK_STATUSES,
  UPDATE_STATUSES,
  UPDATE_TYPES,
  VALUE_FORMATS,
} from './messages/enums.js';
export { validateConfirmation16, validateRequest16 } from './messages/validate.js';
export type { ActiveLimit } from './smart/active.js';
export { activeLimit } from './smart/active.js';
export type { CompositeLimit, CompositeOptions, CompositeSchedule } from './smart/composite.js';
export { compositeLimit, compositeSchedule, wireLimit } from './smart/composite.js';
export type { ControllerAction, CurrentRange, SmartChargingStep } from './smart/decision.js';
export {
  actionClaim,
  controllerAction,
  J1772_MIN_AMPS,
  smartChargingStep,
} from './smart/decision.js';
export type { SmartChargingLimits } from './smart/limits.js';
export { SMART_CHARGING_LIMITS } from './smart/limits.js';
export type { ProfileEvaluation, ProfileLimit } from './smart/schedule.js';
export { evaluateProfile } from './smart/schedule.js';
export type {
  ClearCriteria,
  ClearResult,
  InstallResult,
  ProfilePersistence,
  ProfileStore,
  ProfileStoreOptions,
} from './smart/store.js';
export { createProfileStore } from './smart/store.js';
export type {
  ChargingContext,
  ChargingProfile,
  ChargingProfileKind,
  ChargingProfilePurpose,
  ChargingRateUnit,
  ChargingSchedule,
  ChargingSchedulePeriod,
  InstalledProfile,
  RecurrencyKind,
  TransactionInfo,
} from './smart/types.js';
export {
  CHARGING_PROFILE_KINDS,
  CHARGING_PROFILE_PURPOSES,
  CHARGING_RATE_UNITS,
  RECURRENCY_KINDS,
} from './smart/types.js';
export type { ProfileVerdict, ValidationContext } from './smart/validate.js';
export { checkProfileShape, parseDateTime, validateProfile } from './smart/validate.js';
export type {
  ChargePointErrorCode16,
  ChargePointStatus16,
  ConnectorContext16,
  MappedStatus16,
} from './status-map.js';
export {
  CHARGE_POINT_ERROR_CODES_16,
  CHARGE_POINT_STATUSES_16,
  FAULT_STATUS_16,
  mapChargePointStatus16,
  mapStatus16,
} from './status-map.js';
