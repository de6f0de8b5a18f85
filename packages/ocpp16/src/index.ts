// Public API of @evse/ocpp16: named exports only (STYLE.md §2.14), kept sorted by path.

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
