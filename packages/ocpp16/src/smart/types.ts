/**
 * The ChargingProfile data types of OCPP 1.6 §7 (ChargingProfile, ChargingSchedule,
 * ChargingSchedulePeriod and their enumerations), in their JSON wire form: dates are the
 * ISO 8601 strings a SetChargingProfile.req carries.
 */

/** OCPP 1.6 §7 ChargingProfilePurposeType. */
export const CHARGING_PROFILE_PURPOSES = [
  'ChargePointMaxProfile',
  'TxDefaultProfile',
  'TxProfile',
] as const;
export type ChargingProfilePurpose = (typeof CHARGING_PROFILE_PURPOSES)[number];

/** OCPP 1.6 §7 ChargingProfileKindType. */
export const CHARGING_PROFILE_KINDS = ['Absolute', 'Recurring', 'Relative'] as const;
export type ChargingProfileKind = (typeof CHARGING_PROFILE_KINDS)[number];

/** OCPP 1.6 §7 RecurrencyKindType. */
export const RECURRENCY_KINDS = ['Daily', 'Weekly'] as const;
export type RecurrencyKind = (typeof RECURRENCY_KINDS)[number];

/** OCPP 1.6 §7 ChargingRateUnitType: amps per phase, or watts in total. */
export const CHARGING_RATE_UNITS = ['A', 'W'] as const;
export type ChargingRateUnit = (typeof CHARGING_RATE_UNITS)[number];

/** OCPP 1.6 §7 ChargingSchedulePeriod. */
export interface ChargingSchedulePeriod {
  /** Seconds from the start of the schedule. */
  readonly startPeriod: number;
  /** In the schedule's unit (A per phase, or W). */
  readonly limit: number;
  /** Phases the limit assumes; absent means 3 (OCPP 1.6 §7 ChargingSchedulePeriod). */
  readonly numberPhases?: number;
}

/** OCPP 1.6 §7 ChargingSchedule. */
export interface ChargingSchedule {
  /** Seconds; absent: the last period lasts indefinitely. */
  readonly duration?: number;
  /** Where Absolute and Recurring schedules are anchored. */
  readonly startSchedule?: string;
  readonly chargingRateUnit: ChargingRateUnit;
  readonly chargingSchedulePeriod: readonly ChargingSchedulePeriod[];
  /** What the EV can use at least; advisory, never raises a limit (see schedule.ts). */
  readonly minChargingRate?: number;
}

/** OCPP 1.6 §7 ChargingProfile (SetChargingProfile.req `csChargingProfiles`). */
export interface ChargingProfile {
  readonly chargingProfileId: number;
  /** Only for TxProfile: the transaction it belongs to. */
  readonly transactionId?: number;
  readonly stackLevel: number;
  readonly chargingProfilePurpose: ChargingProfilePurpose;
  readonly chargingProfileKind: ChargingProfileKind;
  readonly recurrencyKind?: RecurrencyKind;
  readonly validFrom?: string;
  readonly validTo?: string;
  readonly chargingSchedule: ChargingSchedule;
}

/** A profile as installed: on which connector (0 = the whole charge point). */
export interface InstalledProfile {
  readonly connectorId: number;
  readonly profile: ChargingProfile;
}

/** The transaction on a connector, as the engine needs it (times in ms since the epoch). */
export interface TransactionInfo {
  /** When the transaction started: the anchor of Relative profiles. */
  readonly start: number;
  /** The central system's transactionId, once StartTransaction.conf gave it. */
  readonly id?: number;
}

/** What the engine needs to know about the station to turn limits into amps. */
export interface ChargingContext {
  /** The transaction on the connector asked about, if any. */
  readonly transaction?: TransactionInfo | null;
  /** Measured line-to-neutral voltage in volts, for W ↔ A. */
  readonly voltage: number;
  /**
   * Phases the station is wired for (a single-phase OpenEVSE: 1). The phases used are the
   * fewer of these and the period's numberPhases. @default the period's numberPhases (3)
   */
  readonly phases?: number;
}
