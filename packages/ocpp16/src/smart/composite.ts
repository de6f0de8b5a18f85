import { evaluateProfile, type ProfileLimit } from './schedule.js';
import type {
  ChargingContext,
  ChargingProfilePurpose,
  ChargingRateUnit,
  ChargingSchedule,
  InstalledProfile,
} from './types.js';

/** The limit in force on a connector at an instant (OCPP 1.6 §3.13.3). */
export interface CompositeLimit {
  /**
   * Amps per phase (a W limit converted and rounded down to 0.1 A), or null when no profile
   * limits the connector.
   */
  readonly amps: number | null;
  /** Watts in total, or null with `amps`. */
  readonly watts: number | null;
  /** Phases the limit assumes, or null with `amps`. */
  readonly phases: number | null;
  /** The next instant (ms) the limit can change; null when no profile changes it again. */
  readonly nextChangeAt: number | null;
  /** The chargingProfileId that set the limit, or null. */
  readonly profileId: number | null;
}

/** Amps to 0.1 A, rounded down so a converted limit is never exceeded. */
const floorTenth = (n: number) => Math.floor(n * 10 + 1e-9) / 10;

/**
 * A limit for the wire: the 1.6 JSON schemas say `multipleOf: 0.1`, and strict validators
 * built on ajv's default check (ocpp-rpc's strict mode among them) test it as `v / 0.1` being
 * whole, which a third of the tenths fail in binary floating point (4.8 / 0.1 =
 * 47.999…). Rounded down to a tenth that passes: at most 0.2 below, whole numbers always pass.
 */
export function wireLimit(value: number): number {
  let tenths = Math.floor(value * 10 + 1e-9);
  while (tenths > 0 && !Number.isInteger(tenths / 10 / 0.1)) tenths--;
  return tenths / 10;
}

interface Choice {
  readonly limit: ProfileLimit | null;
  readonly profileId: number | null;
  readonly next: number;
}

/**
 * The highest stack level in force at `t` among `candidates` (already in precedence order),
 * falling through to lower levels while a higher one sets nothing (OCPP 1.6 §3.13.2; as
 * MicroOcpp 1.2's SmartChargingConnector::calculateLimit). `next` covers every profile looked
 * at, so a higher level that comes into force later is never missed.
 */
function pick(candidates: readonly InstalledProfile[], t: number, txStart: number | null): Choice {
  let next = Infinity;
  for (const { profile } of candidates) {
    const e = evaluateProfile(profile, t, txStart);
    next = Math.min(next, e.nextChangeAt);
    if (e.limit !== null) return { limit: e.limit, profileId: profile.chargingProfileId, next };
  }
  return { limit: null, profileId: null, next };
}

const byStackLevel = (a: InstalledProfile, b: InstalledProfile) =>
  b.profile.stackLevel - a.profile.stackLevel;

function candidates(
  installed: readonly InstalledProfile[],
  purpose: ChargingProfilePurpose,
  connectorId: number,
): InstalledProfile[] {
  return installed
    .filter((i) => i.connectorId === connectorId && i.profile.chargingProfilePurpose === purpose)
    .sort(byStackLevel);
}

/** A limit in amps and watts with the phases it is spread over. */
function convert(l: ProfileLimit, ctx: ChargingContext) {
  const phases = Math.min(ctx.phases ?? l.numberPhases, l.numberPhases);
  if (l.unit === 'A') return { amps: l.limit, watts: l.limit * ctx.voltage * phases, phases };
  return { amps: floorTenth(l.limit / (ctx.voltage * phases)), watts: l.limit, phases };
}

/**
 * The limit on `connectorId` at `t` (ms): the lower of the ChargePointMaxProfile in force and
 * the transaction's limit — its TxProfile if one is in force, else the connector's
 * TxDefaultProfile, else connector 0's (OCPP 1.6 §3.13.1, §3.13.3). Tx profiles apply only
 * during a transaction (as MicroOcpp 1.2). Connector 0 answers for the whole charge point: its
 * ChargePointMaxProfile alone.
 */
export function compositeLimit(
  installed: readonly InstalledProfile[],
  t: number,
  connectorId: number,
  ctx: ChargingContext,
): CompositeLimit {
  if (!(ctx.voltage > 0)) throw new TypeError('ctx.voltage: must be the measured voltage, > 0');
  const transaction = ctx.transaction ?? null;
  // An Absolute profile without startSchedule is anchored at the transaction's start, for
  // every purpose (MicroOcpp 1.2 passes it to ChargePointMaxProfiles too).
  const cp = pick(candidates(installed, 'ChargePointMaxProfile', 0), t, transaction?.start ?? null);
  let tx: Choice = { limit: null, profileId: null, next: Infinity };
  if (connectorId > 0 && transaction !== null) {
    const start = transaction.start;
    const own = candidates(installed, 'TxProfile', connectorId).filter(
      (i) => i.profile.transactionId === undefined || i.profile.transactionId === transaction.id,
    );
    const defaults = [
      ...candidates(installed, 'TxDefaultProfile', connectorId),
      ...candidates(installed, 'TxDefaultProfile', 0),
    ];
    const txp = pick(own, t, start);
    if (txp.limit !== null) tx = txp;
    else {
      const def = pick(defaults, t, start);
      tx = { ...def, next: Math.min(txp.next, def.next) };
    }
  }
  const next = Math.min(cp.next, tx.next);
  const nextChangeAt = next === Infinity ? null : next;
  const a = cp.limit === null ? null : convert(cp.limit, ctx);
  const b = tx.limit === null ? null : convert(tx.limit, ctx);
  const win = a === null || (b !== null && b.amps < a.amps) ? b : a;
  if (win === null) return { amps: null, watts: null, phases: null, nextChangeAt, profileId: null };
  return { ...win, nextChangeAt, profileId: win === a ? cp.profileId : tx.profileId };
}

/** What GetCompositeSchedule.conf carries in `chargingSchedule` (OCPP 1.6 §5.7). */
export type CompositeSchedule = ChargingSchedule & {
  readonly duration: number;
  readonly startSchedule: string;
};

/** Options of {@link compositeSchedule}. */
export interface CompositeOptions {
  /** What the connector gives when no profile limits it (the station's maximum), in A. */
  readonly maxAmps: number;
  /** At most this many periods (ChargingScheduleMaxPeriods); the last one then runs on. */
  readonly maxPeriods?: number;
}

/**
 * The composite schedule of `connectorId` from `start` (ms) for `durationS` seconds in `unit`
 * (OCPP 1.6 §5.7): one period per distinct limit, each starting where {@link compositeLimit}
 * changes, on whole seconds from `start` (a change within a second starts at the next whole
 * one). Where no profile limits the connector the station's maximum stands.
 */
export function compositeSchedule(
  installed: readonly InstalledProfile[],
  connectorId: number,
  start: number,
  durationS: number,
  unit: ChargingRateUnit,
  ctx: ChargingContext,
  options: CompositeOptions,
): CompositeSchedule {
  const end = start + durationS * 1000;
  const maxPeriods = options.maxPeriods ?? Infinity;
  const periods: { startPeriod: number; limit: number; numberPhases?: number }[] = [];
  let t = start;
  while (t < end) {
    const l = compositeLimit(installed, t, connectorId, ctx);
    const phases = l.phases ?? Math.min(ctx.phases ?? 3, 3);
    const amps = l.amps ?? options.maxAmps;
    const value = unit === 'A' ? amps : l.watts !== null ? l.watts : amps * ctx.voltage * phases;
    const limit = wireLimit(value);
    const last = periods.at(-1);
    if (last === undefined || last.limit !== limit || (last.numberPhases ?? 3) !== phases) {
      if (periods.length === maxPeriods) break;
      const startPeriod = (t - start) / 1000;
      periods.push(
        phases === 3 ? { startPeriod, limit } : { startPeriod, limit, numberPhases: phases },
      );
    }
    if (l.nextChangeAt === null) break;
    t = Math.max(t + 1000, start + Math.ceil((l.nextChangeAt - start) / 1000) * 1000);
  }
  return {
    duration: durationS,
    startSchedule: new Date(start).toISOString(),
    chargingRateUnit: unit,
    chargingSchedulePeriod: periods,
  };
}
