import type { ChargingProfile, ChargingRateUnit } from './types.js';
import { parseDateTime } from './validate.js';

/** One profile's limit at an instant, in the profile's own unit. */
export interface ProfileLimit {
  readonly limit: number;
  readonly unit: ChargingRateUnit;
  /** The period's numberPhases (3 when absent, OCPP 1.6 §7 ChargingSchedulePeriod). */
  readonly numberPhases: number;
}

/** What one profile says at an instant, and the next instant at which that may change. */
export interface ProfileEvaluation {
  /** null: the profile is not in force (not yet or no longer valid, outside its schedule). */
  readonly limit: ProfileLimit | null;
  /** The next instant (ms) the answer can differ; Infinity when never (by time alone). */
  readonly nextChangeAt: number;
}

const DAY_MS = 86_400_000;
const RECURRENCE_MS = { Daily: DAY_MS, Weekly: 7 * DAY_MS } as const;

interface Times {
  readonly validFrom: number;
  readonly validTo: number;
  readonly startSchedule: number | null;
}
const timesCache = new WeakMap<ChargingProfile, Times>();

/** The profile's instants in ms, parsed once per profile object. */
function times(p: ChargingProfile): Times {
  let t = timesCache.get(p);
  if (t === undefined) {
    const start = p.chargingSchedule.startSchedule;
    t = {
      validFrom: p.validFrom === undefined ? -Infinity : parseDateTime(p.validFrom),
      validTo: p.validTo === undefined ? Infinity : parseDateTime(p.validTo),
      startSchedule: start === undefined ? null : parseDateTime(start),
    };
    timesCache.set(p, t);
  }
  return t;
}

const off = (nextChangeAt: number): ProfileEvaluation => ({ limit: null, nextChangeAt });

/**
 * Where the schedule's second 0 is at `t`, and when that anchor next moves, or null when the
 * schedule has no anchor at `t` (OCPP 1.6 §7 ChargingProfileKindType):
 * - Absolute: startSchedule; without one, the transaction's start (as MicroOcpp 1.2,
 *   SmartChargingModel.cpp: 1.6 leaves it open);
 * - Relative: the transaction's start (OCPP 1.6 §3.13.1);
 * - Recurring: startSchedule, moved on by whole days or weeks; before startSchedule the
 *   profile is not in force yet (MicroOcpp 1.2 finds no limit there either).
 */
function anchor(p: ChargingProfile, t: number, txStart: number | null) {
  const { startSchedule } = times(p);
  if (p.chargingProfileKind === 'Recurring') {
    if (startSchedule === null || p.recurrencyKind === undefined) return null;
    if (t < startSchedule) return { basis: null, until: startSchedule };
    const every = RECURRENCE_MS[p.recurrencyKind];
    const basis = startSchedule + Math.floor((t - startSchedule) / every) * every;
    return { basis, until: basis + every };
  }
  const basis = p.chargingProfileKind === 'Absolute' ? (startSchedule ?? txStart) : txStart;
  if (basis === null) return null;
  if (t < basis) return { basis: null, until: basis };
  return { basis, until: Infinity };
}

/**
 * The limit `p` sets at `t` (ms) for a transaction that started at `txStart` (null: none).
 * validTo is exclusive; a duration of 0 means none, as in MicroOcpp 1.2. minChargingRate is
 * advisory (OCPP 1.6 §7 ChargingSchedule: for the charge point's own optimisation) and never
 * raises a limit the central system set.
 */
export function evaluateProfile(
  p: ChargingProfile,
  t: number,
  txStart: number | null,
): ProfileEvaluation {
  const { validFrom, validTo } = times(p);
  if (t < validFrom) return off(validFrom);
  if (t >= validTo) return off(Infinity);
  const a = anchor(p, t, txStart);
  if (a === null) return off(validTo);
  let next = Math.min(validTo, a.until);
  if (a.basis === null) return off(next);
  const offsetMs = t - a.basis;
  const s = p.chargingSchedule;
  if (s.duration !== undefined && s.duration > 0) {
    const end = a.basis + s.duration * 1000;
    if (t >= end) return off(next);
    next = Math.min(next, end);
  }
  let current: (typeof s.chargingSchedulePeriod)[number] | undefined;
  for (const period of s.chargingSchedulePeriod) {
    if (period.startPeriod * 1000 > offsetMs) {
      next = Math.min(next, a.basis + period.startPeriod * 1000);
      break;
    }
    current = period;
  }
  if (current === undefined) return off(next);
  return {
    limit: {
      limit: current.limit,
      unit: s.chargingRateUnit,
      numberPhases: current.numberPhases ?? 3,
    },
    nextChangeAt: next,
  };
}
