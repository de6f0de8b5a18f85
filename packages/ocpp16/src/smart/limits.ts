/**
 * How much smart charging this charge point takes, as the read-only configuration keys of
 * OCPP 1.6 §9.4 report it. The values are MicroOcpp 1.2's defaults (SmartChargingModel.h), the
 * OCPP stack of the OpenEVSE WiFi module (FIELD-FIRMWARE.md §4), so a central system tuned for
 * a WiFi-module station sees the same limits here.
 */
export const SMART_CHARGING_LIMITS = {
  /** ChargeProfileMaxStackLevel: stack levels 0…8. */
  maxStackLevel: 8,
  /** ChargingScheduleMaxPeriods: periods per schedule (also of a composite schedule). */
  maxPeriods: 24,
  /** MaxChargingProfilesInstalled: profiles on all connectors together. */
  maxInstalled: 10,
} as const;

/** The limits a store or validation uses; each defaults to {@link SMART_CHARGING_LIMITS}. */
export interface SmartChargingLimits {
  readonly maxStackLevel: number;
  readonly maxPeriods: number;
  readonly maxInstalled: number;
}
