/**
 * What the dashboard shows, as small structural interfaces: a `Station` from `@evse/core`, a
 * RapiClient's `traffic$`, an OCPP charge point's `traffic$` and a fleet feed all fit without
 * adapters, so the dashboard depends on no transport, emulator or OCPP package.
 */
import type { ChartJson } from '@evse/core';
import type { Observable } from 'rxjs';

/** The station status fields the dashboard reads (a subset of `StationStatus`). */
export interface DashboardStatus {
  /** Top-level statechart state id, e.g. `charging` or `fault`. */
  readonly state: string;
  /** Fault kind while `state` is `fault` (the child state id below `fault`). */
  readonly fault: string | null;
  readonly evseState: number;
  /** `null` when the controller does not report it (RAPI < 5). */
  readonly pilotState: number | null;
  /** `null` when unknown (RAPI < 5 in some states). */
  readonly evConnected: boolean | null;
  readonly currentCapacity: number;
}

/** One meter reading (a subset of `MeterReading`). */
export interface DashboardMeter {
  readonly at: Date | number;
  readonly currentMa: number;
  readonly voltageMv: number;
  readonly sessionWh: number;
  readonly sessionWs?: number;
  readonly powerW?: number;
  readonly temperatureC: number | null;
}

/** A RAPI line on the wire (`RapiClient.traffic$`). */
export interface DashboardRapiTraffic {
  readonly direction: 'tx' | 'rx';
  readonly line: string;
  readonly at: Date | number;
}

/** An OCPP-J WebSocket message (`ChargePoint.traffic$` / `RpcTraffic`). */
export interface DashboardOcppTraffic {
  readonly direction: 'tx' | 'rx';
  readonly text: string;
  readonly at: Date | number;
}

/** One row of the fleet table; `id` is the key, later rows with the same id replace earlier ones. */
export interface FleetRow {
  readonly id: string;
  /** Statechart state id (`charging`, `fault`, …). */
  readonly state: string;
  /** Open OCPP transaction id, or `null`. */
  readonly transactionId: number | null;
  /** Session (or transaction) energy in Wh. */
  readonly energyWh: number;
  /** Fault kind, if any. */
  readonly fault?: string | null;
}

/** Which control buttons the page shows; they call the control API on the same origin. */
export type DashboardControls =
  /** Emulator control API (`serveControlApi`): EV, faults, swipe. */
  | 'emulator'
  /** Bridge API of a real station: card swipe (`POST /api/authorize`) only. */
  | 'bridge'
  | 'none';

/** One claim on the station's arbiter (who wants what of the EVSE, WIFI-API.md §7). */
export interface DashboardClaim {
  /** Who: `ocpp`, `manual`, `mqtt`, `limit`, or an API client id. */
  readonly client: string;
  readonly priority: number;
  readonly state?: 'active' | 'disabled';
  /** Amps. */
  readonly chargeCurrent?: number;
  /** Amps. */
  readonly maxCurrent?: number;
}

/** The claims and what they decide: who holds the EVSE, and the current limit in force. */
export interface DashboardClaims {
  readonly claims: readonly DashboardClaim[];
  /** The winning claims, or null when nobody claims. */
  readonly target: {
    readonly state: 'active' | 'disabled';
    /** Who decided the state. */
    readonly client: string;
    /** The current limit in force (amps), and who set it. */
    readonly chargeCurrent?: number;
    readonly currentClient?: string;
  } | null;
}

/**
 * The charging limit smart charging applies now (`ChargePoint16.limit$` of @evse/ocpp16 fits
 * as is; OCPP 1.6 §3.13).
 */
export interface DashboardLimit {
  /** The composite limit, amps per phase. */
  readonly amps: number;
  /** Below J1772's 6 A: charging is paused until the limit rises. */
  readonly paused: boolean;
  /** The pilot current the controller is told (whole amps), null when paused. */
  readonly pilotAmps?: number | null;
  /** The profile that sets it. */
  readonly profile: {
    readonly id: number;
    readonly purpose: string;
    readonly stackLevel: number;
    readonly connectorId?: number;
  };
  /** ISO 8601: until when it holds (the next period boundary or validTo); null: for good. */
  readonly until: string | null;
}

/** Everything the dashboard can show; each part is optional and its panel hides without it. */
export interface DashboardSources {
  /** Page title. @default 'evse dashboard' */
  readonly title?: string;
  /** The statechart to draw. @default machineToJson() (the EVSE machine) */
  readonly chart?: ChartJson;
  /** The mirrored station: its status drives the diagram; its meter feeds the plots. */
  readonly station?: {
    readonly status$: Observable<DashboardStatus>;
    readonly meter$?: Observable<DashboardMeter>;
  };
  /** RAPI lines (tx = host → controller). */
  readonly rapiTraffic$?: Observable<DashboardRapiTraffic>;
  /** OCPP-J messages (tx = charge point → central system, or the central system's view). */
  readonly ocppTraffic$?: Observable<DashboardOcppTraffic>;
  /**
   * The subprotocol the OCPP connection speaks (`ocpp1.5`, `ocpp1.6`): the `protocol` of a
   * charge point's `connected` events. The latest is shown in the OCPP log's heading.
   */
  readonly ocppProtocol$?: Observable<string>;
  /** The charging limit applied now, null when none (`ChargePoint16.limit$`). */
  readonly limit$?: Observable<DashboardLimit | null>;
  /** Buttons to show. @default 'none' */
  readonly controls?: DashboardControls;
  /**
   * The card the swipe field starts with: the tag the central system accepts in a demo
   * (AUDIT-2026-12.md #25). @default '' (the field is empty)
   */
  readonly cardTag?: string;
  /**
   * Fleet rows: every emission is a batch of added or changed rows (upserts by `id`). Emitting
   * every row periodically is fine: unchanged rows are not sent to the pages.
   */
  readonly fleet$?: Observable<readonly FleetRow[]>;
  /** The arbiter's claims (e.g. the WiFi module's claim book): the latest value is shown. */
  readonly claims$?: Observable<DashboardClaims>;
}
