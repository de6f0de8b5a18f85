/**
 * A per-station extension of the fleet (e.g. the WiFi module's MQTT client of `evse fleet
 * --mqtt`): made only when the fleet is given a factory, so stations without one pay nothing.
 * An add-on that drives the controller brings the claim book its claims go on; the charge
 * point's OCPP claim goes on the same one, where it outranks them (WIFI-API.md §7.1), so OCPP
 * stays the authority over charging.
 */
import type { Station } from '@evse/core';
import type { ChargePoint, GateLike } from '@evse/ocpp15';

/** One station's add-on. */
export interface StationAddon {
  /**
   * The gate the charge point claims on (a started arbiter of the station, or a claim book
   * over one). Omitted: the charge point makes its own arbiter, as without an add-on.
   */
  readonly arbiter?: GateLike;
  /** Called once the charge point exists (e.g. to show whether OCPP is connected). */
  attach?(chargePoint: ChargePoint): void;
  /** Called when the station closes, after its charge point and before its Station. */
  close(): Promise<void>;
}

/** Makes station `id`'s add-on on its started core Station; a rejection fails the station. */
export type StationAddonFactory = (id: string, station: Station) => Promise<StationAddon>;
