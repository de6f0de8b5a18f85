import { SUPPORTED_MEASURANDS } from '@evse/ocpp15';

/** OCPP 1.6 §3.3 feature profiles this charge point supports (SupportedFeatureProfiles). */
export const FEATURE_PROFILES = [
  'Core',
  'FirmwareManagement',
  'LocalAuthListManagement',
  'Reservation',
  'SmartCharging',
  'RemoteTrigger',
] as const;
export type FeatureProfile = (typeof FEATURE_PROFILES)[number];

/** The value types of the 1.6 configuration keys (OCPP 1.6 §9 "Type" column, refined). */
export type ConfigType =
  | 'boolean'
  | 'integer'
  | 'seconds'
  | 'measurands'
  | 'phaseRotation'
  | 'profiles'
  | 'rateUnits'
  | 'password'
  | 'securityProfile';

/** OCPP 1.6 §9.1 ConnectorPhaseRotation values. */
const PHASE_ROTATIONS = ['NotApplicable', 'Unknown', 'RST', 'RTS', 'SRT', 'STR', 'TRS', 'TSR'];

const csl = (value: string): string[] => value.split(',').map((s) => s.trim());

/** A comma-separated list whose items all satisfy `ok`, without repeats; empty allowed. */
function listProblem(value: string, what: string, ok: (item: string) => boolean): string | null {
  if (value.trim() === '') return null;
  const items = csl(value);
  const bad = items.find((i) => !ok(i));
  if (bad !== undefined) return `${JSON.stringify(bad)} is not ${what}`;
  if (new Set(items).size !== items.length) return 'an item is repeated';
  return null;
}

const UINT = /^\d{1,9}$/;

/**
 * Why `value` is not a value of `type`, or null. One checker per type, so ChangeConfiguration
 * can answer Rejected for a bad value (OCPP 1.6 §5.3).
 */
export const TYPE_CHECKS: Record<ConfigType, (value: string) => string | null> = {
  boolean: (v) => (v === 'true' || v === 'false' ? null : 'not true or false'),
  integer: (v) => (UINT.test(v) ? null : 'not a whole number ≥ 0'),
  seconds: (v) => (UINT.test(v) ? null : 'not whole seconds ≥ 0'),
  measurands: (v) =>
    listProblem(v, 'a measurand this charge point samples', (m) =>
      (SUPPORTED_MEASURANDS as readonly string[]).includes(m),
    ),
  // `<connectorId>.<rotation>` items (OCPP 1.6 §9.1 ConnectorPhaseRotation).
  phaseRotation: (v) =>
    listProblem(v, 'connectorId.rotation', (i) => {
      const [c, r, ...rest] = i.split('.');
      return rest.length === 0 && UINT.test(c ?? '') && PHASE_ROTATIONS.includes(r ?? '');
    }),
  profiles: (v) =>
    listProblem(v, 'a feature profile', (p) => (FEATURE_PROFILES as readonly string[]).includes(p)),
  rateUnits: (v) => listProblem(v, 'Current or Power', (u) => u === 'Current' || u === 'Power'),
  // The Basic-auth password (OCPP 1.6 security whitepaper, AuthorizationKey: at least 16
  // bytes, at most 40 hexadecimal digits). Central systems send it as hex or as plain text, so
  // any 16 to 40 printable ASCII characters.
  password: (v) => (/^[\x21-\x7e]{16,40}$/.test(v) ? null : 'not 16 to 40 printable characters'),
  securityProfile: (v) => (/^[0-3]$/.test(v) ? null : 'not 0, 1, 2 or 3'),
};
