import type { SmartChargingStep } from './decision.js';
import type { ChargingProfilePurpose, InstalledProfile } from './types.js';

/**
 * The charging limit smart charging applies now, for people and scripts (the dashboard, `evse
 * bridge --http`): one {@link smartChargingStep} told plainly. Pure.
 */
export interface ActiveLimit {
  /** The composite limit, amps per phase (OCPP 1.6 §3.13.3; a W limit converted). */
  readonly amps: number;
  /** Watts in total. */
  readonly watts: number;
  /** The limit is below J1772's 6 A: charging is paused until it rises (smart/decision.ts). */
  readonly paused: boolean;
  /**
   * The pilot current the controller is told (`$SC n V`: whole amps, at most the station's
   * maximum); null when paused.
   */
  readonly pilotAmps: number | null;
  /** The profile that sets it (the lower of the ChargePointMaxProfile and the transaction's). */
  readonly profile: {
    readonly id: number;
    readonly purpose: ChargingProfilePurpose;
    readonly stackLevel: number;
    readonly connectorId: number;
  };
  /**
   * Until when it holds, ISO 8601 on the central system's clock: the next period boundary,
   * validTo or a higher stack level coming into force; null when nothing changes it again.
   */
  readonly until: string | null;
}

/** The active limit of `step`, the profile looked up in `installed`; null when none limits. */
export function activeLimit(
  step: SmartChargingStep,
  installed: readonly InstalledProfile[],
): ActiveLimit | null {
  const { limit, action } = step;
  if (action.kind === 'none' || limit.amps === null) return null;
  const found = installed.find((i) => i.profile.chargingProfileId === limit.profileId);
  if (found === undefined) return null; // compositeLimit names an installed profile
  return {
    amps: limit.amps,
    watts: limit.watts ?? 0,
    paused: action.kind === 'pause',
    pilotAmps: action.kind === 'current' ? action.amps : null,
    profile: {
      id: found.profile.chargingProfileId,
      purpose: found.profile.chargingProfilePurpose,
      stackLevel: found.profile.stackLevel,
      connectorId: found.connectorId,
    },
    until: step.wakeAt === null ? null : new Date(step.wakeAt).toISOString(),
  };
}
