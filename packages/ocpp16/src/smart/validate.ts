import { SMART_CHARGING_LIMITS, type SmartChargingLimits } from './limits.js';
import {
  CHARGING_PROFILE_KINDS,
  CHARGING_PROFILE_PURPOSES,
  CHARGING_RATE_UNITS,
  type ChargingProfile,
  RECURRENCY_KINDS,
  type TransactionInfo,
} from './types.js';

/** What SetChargingProfile needs to know about the charge point to judge a profile. */
export interface ValidationContext {
  /** Connectors the charge point has (an OpenEVSE: 1); connectorId 0 is the whole point. */
  readonly connectors: number;
  /** The transaction on a connector (1…connectors), or null. */
  readonly transaction: (connectorId: number) => TransactionInfo | null;
  /** Units the charge point takes (ChargingScheduleAllowedChargingRateUnit). @default A and W */
  readonly allowedUnits?: readonly ('A' | 'W')[];
  readonly limits?: Partial<SmartChargingLimits>;
}

/** Accepted, or why SetChargingProfile answers Rejected (OCPP 1.6 §5.16). */
export type ProfileVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string };

const isInt = (n: unknown, min = 0): n is number => Number.isInteger(n) && (n as number) >= min;
const isNum = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T =>
  (list as readonly unknown[]).includes(v);

/** Milliseconds of an OCPP dateTime, or NaN when it is not one. */
export function parseDateTime(value: string): number {
  // A date alone or a local time would be read in the host's zone: OCPP times carry a zone.
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(value)) return NaN;
  return Date.parse(value);
}

const no = (reason: string): ProfileVerdict => ({ ok: false, reason });

/** The schedule's own faults, or null (OCPP 1.6 §7 ChargingSchedule/-Period). */
function scheduleProblem(p: ChargingProfile, maxPeriods: number, units: readonly string[]) {
  const s = p.chargingSchedule;
  if (typeof s !== 'object' || s === null) return 'chargingSchedule: missing';
  if (!oneOf(CHARGING_RATE_UNITS, s.chargingRateUnit)) return 'chargingRateUnit: not A or W';
  if (!units.includes(s.chargingRateUnit)) {
    return `chargingRateUnit: ${s.chargingRateUnit} is not allowed here`;
  }
  if (s.duration !== undefined && !isInt(s.duration)) return 'duration: not whole seconds ≥ 0';
  if (s.startSchedule !== undefined && Number.isNaN(parseDateTime(s.startSchedule))) {
    return 'startSchedule: not a dateTime';
  }
  if (s.minChargingRate !== undefined && !(isNum(s.minChargingRate) && s.minChargingRate >= 0)) {
    return 'minChargingRate: not a number ≥ 0';
  }
  const periods = s.chargingSchedulePeriod;
  if (!Array.isArray(periods) || periods.length === 0) return 'chargingSchedulePeriod: empty';
  if (periods.length > maxPeriods) {
    return `chargingSchedulePeriod: ${periods.length} periods, at most ${maxPeriods} (ChargingScheduleMaxPeriods)`;
  }
  let previous = -1;
  for (const [i, period] of periods.entries()) {
    if (!isInt(period.startPeriod))
      return `chargingSchedulePeriod[${i}].startPeriod: not whole seconds`;
    if (i === 0 && period.startPeriod !== 0) return 'chargingSchedulePeriod[0].startPeriod: not 0';
    if (period.startPeriod <= previous) {
      return `chargingSchedulePeriod[${i}].startPeriod: not after the period before`;
    }
    previous = period.startPeriod;
    if (!(isNum(period.limit) && period.limit >= 0))
      return `chargingSchedulePeriod[${i}].limit: not ≥ 0`;
    if (
      period.numberPhases !== undefined &&
      !(isInt(period.numberPhases, 1) && period.numberPhases <= 3)
    ) {
      return `chargingSchedulePeriod[${i}].numberPhases: not 1, 2 or 3`;
    }
  }
  return null;
}

/** The profile's own faults, whatever connector it is for, or null. */
function profileProblem(p: ChargingProfile, limits: SmartChargingLimits, units: readonly string[]) {
  if (typeof p !== 'object' || p === null) return 'not a charging profile';
  if (!isInt(p.chargingProfileId)) return 'chargingProfileId: not a whole number';
  if (!isInt(p.stackLevel) || p.stackLevel > limits.maxStackLevel) {
    return `stackLevel: not 0…${limits.maxStackLevel} (ChargeProfileMaxStackLevel)`;
  }
  if (!oneOf(CHARGING_PROFILE_PURPOSES, p.chargingProfilePurpose))
    return 'chargingProfilePurpose: unknown';
  if (!oneOf(CHARGING_PROFILE_KINDS, p.chargingProfileKind)) return 'chargingProfileKind: unknown';
  if (p.recurrencyKind !== undefined && !oneOf(RECURRENCY_KINDS, p.recurrencyKind)) {
    return 'recurrencyKind: not Daily or Weekly';
  }
  if (p.chargingProfileKind === 'Recurring') {
    // A recurrence needs its period and its anchor (OCPP 1.6 §7 ChargingProfile).
    if (p.recurrencyKind === undefined) return 'recurrencyKind: required for a Recurring profile';
    if (p.chargingSchedule?.startSchedule === undefined) {
      return 'startSchedule: required for a Recurring profile';
    }
  }
  if (p.transactionId !== undefined && p.chargingProfilePurpose !== 'TxProfile') {
    return 'transactionId: only a TxProfile belongs to a transaction';
  }
  if (p.transactionId !== undefined && !Number.isInteger(p.transactionId)) {
    return 'transactionId: not a whole number';
  }
  const from = p.validFrom === undefined ? -Infinity : parseDateTime(p.validFrom);
  const to = p.validTo === undefined ? Infinity : parseDateTime(p.validTo);
  if (Number.isNaN(from)) return 'validFrom: not a dateTime';
  if (Number.isNaN(to)) return 'validTo: not a dateTime';
  if (from >= to) return 'validTo: not after validFrom';
  return scheduleProblem(p, limits.maxPeriods, units);
}

/** Whether the profile fits on the charge point, apart from where it is installed. */
export function checkProfileShape(
  profile: ChargingProfile,
  options: Pick<ValidationContext, 'allowedUnits' | 'limits'> = {},
): ProfileVerdict {
  const limits = { ...SMART_CHARGING_LIMITS, ...options.limits };
  const problem = profileProblem(profile, limits, options.allowedUnits ?? CHARGING_RATE_UNITS);
  return problem === null ? { ok: true } : no(problem);
}

/**
 * Whether SetChargingProfile may install `profile` on `connectorId` (OCPP 1.6 §5.16, §3.13.1):
 * a ChargePointMaxProfile only on connector 0; a TxProfile only on a connector with a
 * transaction, and only for that transaction when it names one (as MicroOcpp 1.2's
 * SetChargingProfile.cpp: a TxProfile without a transaction is Rejected).
 */
export function validateProfile(
  profile: ChargingProfile,
  connectorId: number,
  ctx: ValidationContext,
): ProfileVerdict {
  if (!isInt(connectorId) || connectorId > ctx.connectors) {
    return no(`connectorId: ${connectorId} is not 0…${ctx.connectors}`);
  }
  const shape = checkProfileShape(profile, ctx);
  if (!shape.ok) return shape;
  const purpose = profile.chargingProfilePurpose;
  if (purpose === 'ChargePointMaxProfile' && connectorId !== 0) {
    return no('ChargePointMaxProfile: only on connectorId 0');
  }
  if (purpose === 'TxProfile') {
    if (connectorId === 0) return no('TxProfile: not on connectorId 0');
    const tx = ctx.transaction(connectorId);
    if (tx === null) return no(`TxProfile: no transaction on connector ${connectorId}`);
    if (profile.transactionId !== undefined && profile.transactionId !== tx.id) {
      return no(
        `TxProfile: transaction ${profile.transactionId} is not the one on connector ${connectorId}`,
      );
    }
  }
  return { ok: true };
}
