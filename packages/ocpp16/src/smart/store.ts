import {
  type CompositeLimit,
  type CompositeOptions,
  type CompositeSchedule,
  compositeLimit,
  compositeSchedule,
} from './composite.js';
import { SMART_CHARGING_LIMITS, type SmartChargingLimits } from './limits.js';
import type {
  ChargingContext,
  ChargingProfile,
  ChargingProfilePurpose,
  ChargingRateUnit,
  InstalledProfile,
} from './types.js';
import { checkProfileShape } from './validate.js';

/**
 * Where installed profiles outlive a restart: the engine does no file I/O itself, the charge
 * point hands it whatever keeps them (a file, a database row, memory in tests).
 */
export interface ProfilePersistence {
  load(): readonly InstalledProfile[];
  save(profiles: readonly InstalledProfile[]): void;
}

/** ClearChargingProfile.req's criteria (OCPP 1.6 §5.5); none given clears every profile. */
export interface ClearCriteria {
  readonly id?: number;
  readonly connectorId?: number;
  readonly chargingProfilePurpose?: ChargingProfilePurpose;
  readonly stackLevel?: number;
}

/** What installing a profile came to. */
export type InstallResult =
  | { readonly status: 'Accepted'; readonly replaced: readonly number[] }
  | { readonly status: 'Rejected'; readonly reason: string };

/** ClearChargingProfile.conf's status and the chargingProfileIds removed. */
export interface ClearResult {
  readonly status: 'Accepted' | 'Unknown';
  readonly removed: readonly number[];
}

/** The charging profiles of one charge point and the limits they make. */
export interface ProfileStore {
  /**
   * Install a profile that {@link validateProfile} accepted. It replaces a profile with the
   * same chargingProfileId, and one with the same stackLevel and purpose on the same connector
   * (OCPP 1.6 §5.16, §3.13.2). Rejected when malformed or when MaxChargingProfilesInstalled
   * profiles are there already.
   */
  install(connectorId: number, profile: ChargingProfile): InstallResult;
  /**
   * Remove the profiles that match (OCPP 1.6 §5.5): by `id` alone when it is given (the other
   * criteria are then ignored, as in MicroOcpp 1.2), else every given criterion must match.
   * `Accepted` if anything was removed, `Unknown` otherwise.
   */
  clear(criteria?: ClearCriteria): ClearResult;
  /** The transaction on `connectorId` ended: its TxProfiles go (OCPP 1.6 §3.13.1). */
  transactionEnded(connectorId: number): readonly number[];
  /** Every installed profile, in installation order. */
  list(): readonly InstalledProfile[];
  /** See {@link compositeLimit}. */
  limitAt(t: number, connectorId: number, ctx: ChargingContext): CompositeLimit;
  /** See {@link compositeSchedule}; `maxPeriods` defaults to the store's limit. */
  compositeSchedule(
    connectorId: number,
    start: number,
    durationS: number,
    unit: ChargingRateUnit,
    ctx: ChargingContext,
    options: CompositeOptions,
  ): CompositeSchedule;
  /** Entries `persistence.load()` returned that were not valid profiles, and were dropped. */
  readonly dropped: readonly InstalledProfile[];
}

/** Options of {@link createProfileStore}. */
export interface ProfileStoreOptions {
  readonly limits?: Partial<SmartChargingLimits>;
  readonly persistence?: ProfilePersistence;
}

const matches = (i: InstalledProfile, c: ClearCriteria): boolean => {
  if (c.id !== undefined) return i.profile.chargingProfileId === c.id;
  return (
    (c.connectorId === undefined || i.connectorId === c.connectorId) &&
    (c.chargingProfilePurpose === undefined ||
      i.profile.chargingProfilePurpose === c.chargingProfilePurpose) &&
    (c.stackLevel === undefined || i.profile.stackLevel === c.stackLevel)
  );
};

/** A store of charging profiles, loaded from `persistence` if given and saved on each change. */
export function createProfileStore(options: ProfileStoreOptions = {}): ProfileStore {
  const limits = { ...SMART_CHARGING_LIMITS, ...options.limits };
  const persistence = options.persistence;
  const loaded = persistence?.load() ?? [];
  const valid = (i: InstalledProfile) =>
    Number.isInteger(i?.connectorId) &&
    i.connectorId >= 0 &&
    checkProfileShape(i.profile, { limits }).ok;
  let profiles: readonly InstalledProfile[] = loaded.filter(valid).slice(0, limits.maxInstalled);
  const dropped = loaded.filter((i) => !profiles.includes(i));

  const remove = (doomed: (i: InstalledProfile) => boolean): number[] => {
    const removed = profiles.filter(doomed).map((i) => i.profile.chargingProfileId);
    if (removed.length > 0) {
      profiles = profiles.filter((i) => !doomed(i));
      persistence?.save(profiles);
    }
    return removed;
  };

  return {
    install(connectorId, profile) {
      const shape = checkProfileShape(profile, { limits });
      if (!shape.ok) return { status: 'Rejected', reason: shape.reason };
      const replaces = (i: InstalledProfile) =>
        i.profile.chargingProfileId === profile.chargingProfileId ||
        (i.connectorId === connectorId &&
          i.profile.stackLevel === profile.stackLevel &&
          i.profile.chargingProfilePurpose === profile.chargingProfilePurpose);
      const kept = profiles.filter((i) => !replaces(i));
      if (kept.length >= limits.maxInstalled) {
        return {
          status: 'Rejected',
          reason: `${kept.length} profiles installed, at most ${limits.maxInstalled} (MaxChargingProfilesInstalled)`,
        };
      }
      const replaced = profiles.filter(replaces).map((i) => i.profile.chargingProfileId);
      profiles = [...kept, { connectorId, profile }];
      persistence?.save(profiles);
      return { status: 'Accepted', replaced };
    },
    clear(criteria = {}) {
      const removed = remove((i) => matches(i, criteria));
      return { status: removed.length > 0 ? 'Accepted' : 'Unknown', removed };
    },
    transactionEnded(connectorId) {
      return remove(
        (i) => i.connectorId === connectorId && i.profile.chargingProfilePurpose === 'TxProfile',
      );
    },
    list: () => profiles,
    limitAt: (t, connectorId, ctx) => compositeLimit(profiles, t, connectorId, ctx),
    compositeSchedule: (connectorId, start, durationS, unit, ctx, opts) =>
      compositeSchedule(profiles, connectorId, start, durationS, unit, ctx, {
        maxPeriods: limits.maxPeriods,
        ...opts,
      }),
    dropped,
  };
}
