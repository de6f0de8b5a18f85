import { CONFIG_KEYS } from '@evse/ocpp15';
import {
  type ConfigType,
  FEATURE_PROFILES,
  type FeatureProfile,
  TYPE_CHECKS,
} from './config-types.js';
import { SMART_CHARGING_LIMITS } from './smart/limits.js';

/** Where a key comes from: a feature profile of OCPP 1.6 §9, or the security whitepaper. */
export type KeyProfile = FeatureProfile | 'Security';

/** One configuration key. */
export interface ConfigKeyDef16 {
  readonly type: ConfigType;
  /** GetConfiguration reports it read-only; ChangeConfiguration answers Rejected. */
  readonly readonly: boolean;
  /** GetConfiguration never returns its value (AuthorizationKey, security whitepaper). */
  readonly writeOnly?: true;
  /** ChangeConfiguration answers RebootRequired: the value takes effect after a reboot. */
  readonly rebootRequired: boolean;
  readonly default: string;
  readonly profile: KeyProfile;
}

// Keys 1.5 also has keep the 1.5 charge point's defaults: one charge point, one behaviour.
const v15 = (key: keyof typeof CONFIG_KEYS) => CONFIG_KEYS[key].default;

const rw = (type: ConfigType, def: string, profile: KeyProfile = 'Core'): ConfigKeyDef16 => ({
  type,
  readonly: false,
  rebootRequired: false,
  default: def,
  profile,
});
const ro = (type: ConfigType, def: string, profile: KeyProfile = 'Core'): ConfigKeyDef16 => ({
  ...rw(type, def, profile),
  readonly: true,
});

/**
 * The OCPP 1.6 standard configuration keys this charge point supports (OCPP 1.6 §9.1 Core,
 * §9.2 Local Auth List Management, §9.3 Reservation, §9.4 Smart Charging, and the security
 * whitepaper's AuthorizationKey and SecurityProfile). Keys for hardware an OpenEVSE does not
 * have (BlinkRepeat, LightIntensity, ConnectorSwitch3to1PhaseSupported) are left out, so
 * GetConfiguration reports them as unknownKey and ChangeConfiguration answers NotSupported.
 * Nothing here needs a reboot: every value is read when it is next used; a new
 * AuthorizationKey or SecurityProfile takes effect on the next connection.
 */
export const CONFIG_KEYS_16 = {
  // ---- §9.1 Core ----
  AllowOfflineTxForUnknownId: rw('boolean', v15('AllowOfflineTxForUnknownId')),
  AuthorizationCacheEnabled: rw('boolean', v15('AuthorizationCacheEnabled')),
  AuthorizeRemoteTxRequests: rw('boolean', 'true'),
  ClockAlignedDataInterval: rw('seconds', '0'),
  ConnectionTimeOut: rw('seconds', v15('ConnectionTimeOut')),
  // An OpenEVSE is a single-phase station: no rotation to report.
  ConnectorPhaseRotation: rw('phaseRotation', '1.NotApplicable'),
  GetConfigurationMaxKeys: ro('integer', '50'),
  HeartbeatInterval: rw('seconds', v15('HeartBeatInterval')),
  LocalAuthorizeOffline: rw('boolean', v15('LocalAuthorizeOffline')),
  LocalPreAuthorize: rw('boolean', v15('LocalPreAuthorize')),
  MeterValuesAlignedData: rw('measurands', 'Energy.Active.Import.Register'),
  MeterValuesSampledData: rw('measurands', v15('MeterValuesSampledData')),
  MeterValueSampleInterval: rw('seconds', v15('MeterValueSampleInterval')),
  MinimumStatusDuration: rw('seconds', '0'),
  NumberOfConnectors: ro('integer', v15('NumberOfConnectors')),
  ResetRetries: rw('integer', v15('ResetRetries')),
  StopTransactionOnEVSideDisconnect: rw('boolean', 'true'),
  StopTransactionOnInvalidId: rw('boolean', 'true'),
  StopTxnAlignedData: rw('measurands', ''),
  StopTxnSampledData: rw('measurands', v15('StopTxnSampledData')),
  SupportedFeatureProfiles: ro('profiles', FEATURE_PROFILES.join(',')),
  TransactionMessageAttempts: rw('integer', '3'),
  TransactionMessageRetryInterval: rw('seconds', '60'),
  UnlockConnectorOnEVSideDisconnect: rw('boolean', 'true'),
  WebSocketPingInterval: rw('seconds', '0'),
  // ---- §9.2 Local Auth List Management ----
  LocalAuthListEnabled: rw('boolean', 'true', 'LocalAuthListManagement'),
  LocalAuthListMaxLength: ro('integer', '1000', 'LocalAuthListManagement'),
  SendLocalListMaxLength: ro('integer', '100', 'LocalAuthListManagement'),
  // ---- §9.3 Reservation ----
  ReserveConnectorZeroSupported: ro('boolean', 'false', 'Reservation'),
  // ---- §9.4 Smart Charging ----
  ChargeProfileMaxStackLevel: ro(
    'integer',
    String(SMART_CHARGING_LIMITS.maxStackLevel),
    'SmartCharging',
  ),
  ChargingScheduleAllowedChargingRateUnit: ro('rateUnits', 'Current,Power', 'SmartCharging'),
  ChargingScheduleMaxPeriods: ro(
    'integer',
    String(SMART_CHARGING_LIMITS.maxPeriods),
    'SmartCharging',
  ),
  MaxChargingProfilesInstalled: ro(
    'integer',
    String(SMART_CHARGING_LIMITS.maxInstalled),
    'SmartCharging',
  ),
  // ---- security whitepaper (Security Profiles 1–3) ----
  AuthorizationKey: { ...rw('password', '', 'Security'), writeOnly: true },
  SecurityProfile: rw('securityProfile', '0', 'Security'),
} as const satisfies Record<string, ConfigKeyDef16>;

/** A configuration key this charge point knows. */
export type ConfigKey16 = keyof typeof CONFIG_KEYS_16;

/** Whether `key` is one of {@link CONFIG_KEYS_16} (keys are case-sensitive, OCPP 1.6 §9). */
export const isConfigKey16 = (key: string): key is ConfigKey16 =>
  Object.hasOwn(CONFIG_KEYS_16, key);

/** Why `value` is no value for `key`, or null (the per-type check of its row). */
export function configValueProblem(key: ConfigKey16, value: string): string | null {
  return TYPE_CHECKS[CONFIG_KEYS_16[key].type](value);
}

/** ChangeConfiguration.conf's status (OCPP 1.6 §7 ConfigurationStatus) and why. */
export type ChangeVerdict =
  | { readonly status: 'Accepted' | 'RebootRequired'; readonly value: string }
  | { readonly status: 'Rejected' | 'NotSupported'; readonly reason: string };

/**
 * What ChangeConfiguration answers for `key` = `value` given the value in force (OCPP 1.6
 * §5.3): NotSupported for a key this charge point does not have, Rejected for a read-only key
 * or a bad value, and for a SecurityProfile lower than the one in force (the security
 * whitepaper forbids going down); else Accepted, or RebootRequired where the row says so.
 * Pure: the caller stores the value.
 */
export function changeConfiguration(key: string, value: string, current?: string): ChangeVerdict {
  if (!isConfigKey16(key))
    return { status: 'NotSupported', reason: `${key}: not a key of this charge point` };
  const def: ConfigKeyDef16 = CONFIG_KEYS_16[key];
  if (def.readonly) return { status: 'Rejected', reason: `${key}: read-only` };
  const v = value.trim();
  const problem = configValueProblem(key, v);
  if (problem !== null) return { status: 'Rejected', reason: `${key}: ${problem}` };
  if (key === 'SecurityProfile' && current !== undefined && Number(v) < Number(current)) {
    return { status: 'Rejected', reason: `SecurityProfile: cannot go down from ${current}` };
  }
  return { status: def.rebootRequired ? 'RebootRequired' : 'Accepted', value: v };
}

/** One GetConfiguration.conf `configurationKey` entry (OCPP 1.6 §7 KeyValue). */
export interface KeyValue16 {
  readonly key: ConfigKey16;
  readonly readonly: boolean;
  readonly value?: string;
}

/**
 * GetConfiguration.conf (OCPP 1.6 §5.8) for the requested keys (all when none are asked for),
 * values from `read`. A write-only key is listed without its value, whatever it is.
 */
export function getConfiguration(
  read: (key: ConfigKey16) => string,
  keys?: readonly string[],
): { configurationKey: KeyValue16[]; unknownKey: string[] } {
  const wanted = keys !== undefined && keys.length > 0 ? keys : Object.keys(CONFIG_KEYS_16);
  const configurationKey: KeyValue16[] = [];
  const unknownKey: string[] = [];
  for (const k of wanted) {
    if (!isConfigKey16(k)) {
      unknownKey.push(k);
      continue;
    }
    const def: ConfigKeyDef16 = CONFIG_KEYS_16[k];
    configurationKey.push(
      def.writeOnly
        ? { key: k, readonly: def.readonly }
        : { key: k, readonly: def.readonly, value: read(k) },
    );
  }
  return { configurationKey, unknownKey };
}
