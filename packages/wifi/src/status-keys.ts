/**
 * The `/status` keys (WIFI-API.md §3): name, unit and how each derives from what the module
 * knows of the station. One table: `GET /status`, `/ws` and MQTT `<base>/<key>` all read it.
 */
import type { MeterReading, StationStatus } from '@evse/core';

/** What the status is made of (the status model keeps it up to date). */
export interface ModuleView {
  readonly station: StationStatus;
  readonly meter: MeterReading | null;
  /** `$GC`: min, max hard, pilot, max soft (amps). */
  readonly capacity: { min: number; maxHard: number; maxSoft: number } | null;
  /** `$GF` counts. */
  readonly faults: { gfci: number; noGround: number; stuck: number };
  /** 1 or 2 (`$GE` flags bit 0). */
  readonly serviceLevel: 1 | 2;
  readonly evseConnected: boolean;
  /** `status`: the claims' target (`active` when nobody claims, the module's default). */
  readonly target: 'active' | 'disabled';
  readonly manualOverride: boolean;
  readonly limitSet: boolean;
  /** Module-measured charging time of this session (only while state 03). */
  readonly sessionElapsedS: number;
  /** Hottest reading since the EV was plugged in, °C. */
  readonly tempMaxC: number | null;
  readonly versions: { config: number; claims: number; override: number; limit: number };
  readonly mqtt: {
    connected: boolean;
    status: 'disabled' | 'connected' | 'connecting' | 'disconnected';
  };
  readonly ocppConnected: boolean;
  readonly comm: { sent: number; success: number };
  readonly now: Date;
  readonly uptimeS: number;
  readonly ip: string;
  readonly mac: string;
}

export type StatusValue = string | number | boolean;

export interface StatusKey {
  readonly key: string;
  /** Unit as the module sends it, when it has one. */
  readonly unit?: string;
  /** Left out of change events: it moves by itself (clocks, memory). */
  readonly ticking?: true;
  readonly of: (v: ModuleView) => StatusValue;
}

/** J1772 state of a code for the LCD colour (WIFI-API.md §3 `colour`). */
function colour(v: ModuleView): number {
  const s = v.station.evseState;
  if (s === 0) return 0;
  if (s === 1) return 2;
  if (s === 2) return 3;
  if (s === 3) return 6;
  if (s === 254 || s === 255) return v.station.evConnected ? 6 : 5;
  return 1;
}

const charging = (v: ModuleView) => v.station.evseState === 3;
/** `amp` in mA: ÷1000 ×1000 of `$GG`, 0 unless charging (WIFI-API.md §3). */
const ampMa = (v: ModuleView) =>
  charging(v) && v.meter && v.meter.currentMa > 0 ? Math.trunc(v.meter.currentMa / 1000) * 1000 : 0;
const voltage = (v: ModuleView) =>
  v.meter && v.meter.voltageMv >= 60_000 && v.meter.voltageMv <= 300_000
    ? v.meter.voltageMv / 1000
    : 240;
const tenths = (c: number | null | undefined): number | false =>
  c === null || c === undefined ? false : Math.round(c * 10);
const sessionWh = (v: ModuleView) => (v.meter ? v.meter.sessionWs / 3600 : 0);
/** Lifetime kWh: `$GU` moves at unplug, so the session is added while plugged in. */
const totalKwh = (v: ModuleView) =>
  v.meter ? (v.meter.lifetimeWh + (v.station.evConnected ? sessionWh(v) : 0)) / 1000 : 0;
const isoSeconds = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

export const STATUS_KEYS: readonly StatusKey[] = [
  { key: 'mode', of: () => 'STA' },
  { key: 'wifi_client_connected', of: () => 1 },
  { key: 'eth_connected', of: () => 0 },
  { key: 'net_connected', of: () => 1 },
  { key: 'ipaddress', of: (v) => v.ip },
  { key: 'macaddress', of: (v) => v.mac },
  { key: 'emoncms_connected', of: () => 0 },
  { key: 'packets_sent', of: () => 0 },
  { key: 'packets_success', of: () => 0 },
  { key: 'mqtt_connected', of: (v) => (v.mqtt.connected ? 1 : 0) },
  { key: 'mqtt_status', of: (v) => v.mqtt.status },
  { key: 'ocpp_connected', of: (v) => (v.ocppConnected ? 1 : 0) },
  { key: 'ohm_hour', of: () => 'NotConnected' },
  { key: 'free_heap', unit: 'B', ticking: true, of: () => 180_000 },
  { key: 'comm_sent', ticking: true, of: (v) => v.comm.sent },
  { key: 'comm_success', ticking: true, of: (v) => v.comm.success },
  { key: 'rapi_connected', of: (v) => (v.evseConnected ? 1 : 0) },
  { key: 'evse_connected', of: (v) => (v.evseConnected ? 1 : 0) },
  { key: 'amp', unit: 'mA', of: ampMa },
  { key: 'voltage', unit: 'V', of: voltage },
  { key: 'power', unit: 'W', of: (v) => (ampMa(v) / 1000) * voltage(v) },
  { key: 'pilot', unit: 'A', of: (v) => v.station.currentCapacity },
  { key: 'max_current', unit: 'A', of: (v) => v.capacity?.maxSoft ?? v.station.currentCapacity },
  { key: 'temp', unit: '0.1 °C', of: (v) => tenths(v.meter?.temperatureC) },
  { key: 'temp_max', unit: '0.1 °C', of: (v) => tenths(v.tempMaxC) },
  { key: 'temp1', unit: '0.1 °C', of: (v) => tenths(v.meter?.temperatureC) },
  { key: 'temp2', unit: '0.1 °C', of: () => false },
  { key: 'temp3', unit: '0.1 °C', of: () => false },
  { key: 'state', of: (v) => v.station.evseState },
  { key: 'status', of: (v) => v.target },
  { key: 'flags', of: (v) => v.station.vflags ?? 0 },
  { key: 'vehicle', of: (v) => (v.station.evConnected ? 1 : 0) },
  { key: 'colour', of: colour },
  { key: 'manual_override', of: (v) => (v.manualOverride ? 1 : 0) },
  { key: 'freeram', unit: 'B', ticking: true, of: () => 180_000 },
  { key: 'divertmode', of: () => 1 },
  { key: 'srssi', unit: 'dBm', of: () => -60 },
  { key: 'time', ticking: true, of: (v) => isoSeconds(v.now) },
  { key: 'local_time', ticking: true, of: (v) => `${isoSeconds(v.now).slice(0, 19)}+0000` },
  { key: 'offset', of: () => '+0000' },
  { key: 'uptime', unit: 's', ticking: true, of: (v) => v.uptimeS },
  { key: 'session_elapsed', unit: 's', of: (v) => Math.floor(v.sessionElapsedS) },
  { key: 'session_energy', unit: 'Wh', of: sessionWh },
  { key: 'total_energy', unit: 'kWh', of: totalKwh },
  { key: 'total_day', unit: 'kWh', of: () => 0 },
  { key: 'total_week', unit: 'kWh', of: () => 0 },
  { key: 'total_month', unit: 'kWh', of: () => 0 },
  { key: 'total_year', unit: 'kWh', of: () => 0 },
  { key: 'total_switches', of: () => 0 },
  { key: 'elapsed', unit: 's', of: (v) => Math.floor(v.sessionElapsedS) },
  { key: 'wattsec', unit: 'Ws', of: (v) => sessionWh(v) * 3600 },
  { key: 'watthour', unit: 'Wh', of: (v) => totalKwh(v) * 1000 },
  { key: 'gfcicount', of: (v) => v.faults.gfci },
  { key: 'nogndcount', of: (v) => v.faults.noGround },
  { key: 'stuckcount', of: (v) => v.faults.stuck },
  { key: 'solar', unit: 'W', of: () => 0 },
  { key: 'grid_ie', unit: 'W', of: () => 0 },
  { key: 'charge_rate', unit: 'A', of: () => 0 },
  { key: 'divert_update', unit: 's', of: () => 0 },
  { key: 'divert_active', of: () => false },
  { key: 'shaper', of: () => 0 },
  { key: 'shaper_live_pwr', unit: 'W', of: () => 0 },
  { key: 'shaper_cur', unit: 'A', of: (v) => v.capacity?.maxSoft ?? 0 },
  { key: 'shaper_updated', of: () => false },
  { key: 'service_level', of: (v) => v.serviceLevel },
  { key: 'limit', of: (v) => v.limitSet },
  { key: 'ota_update', of: () => 0 },
  { key: 'config_version', of: (v) => v.versions.config },
  { key: 'claims_version', of: (v) => v.versions.claims },
  { key: 'override_version', of: (v) => v.versions.override },
  { key: 'schedule_version', of: () => 0 },
  { key: 'schedule_plan_version', of: () => 0 },
  { key: 'limit_version', of: (v) => v.versions.limit },
  { key: 'vehicle_state_update', unit: 's', of: () => 0 },
  { key: 'tesla_vehicle_count', of: () => false },
  { key: 'tesla_vehicle_id', of: () => false },
  { key: 'tesla_vehicle_name', of: () => false },
];

/** The whole `/status` object. */
export function statusObject(v: ModuleView): Record<string, StatusValue> {
  const out: Record<string, StatusValue> = {};
  for (const k of STATUS_KEYS) out[k.key] = k.of(v);
  return out;
}

/** The keys of `next` that differ from `prev`, leaving out the ticking ones. */
export function changedKeys(
  prev: Readonly<Record<string, StatusValue>>,
  next: Readonly<Record<string, StatusValue>>,
): Record<string, StatusValue> {
  const out: Record<string, StatusValue> = {};
  for (const k of STATUS_KEYS) {
    if (!k.ticking && prev[k.key] !== next[k.key]) out[k.key] = next[k.key] as StatusValue;
  }
  return out;
}
