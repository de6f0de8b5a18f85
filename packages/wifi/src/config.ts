/**
 * The module's stored options (WIFI-API.md §6): defaults, secrets read back as
 * `_DUMMY_PASSWORD`, `POST /config` merges. Controller settings (`$GC`, `$GE`) are read from
 * the station by the status model; this store keeps only what the module itself keeps.
 */

/** Read back as `_DUMMY_PASSWORD` when set, `""` when empty; never shown (WIFI-API.md §6.1). */
export const SECRETS: ReadonlySet<string> = new Set([
  'pass',
  'ap_pass',
  'www_password',
  'server_secret',
  'emoncms_apikey',
  'mqtt_pass',
  'tesla_access_token',
  'tesla_refresh_token',
  // Not a secret in the firmware; the issue asks for secrets to be write-only, and it is one.
  'ocpp_authkey',
]);

export const DUMMY_PASSWORD = '_DUMMY_PASSWORD';

export type ConfigValue = string | number | boolean;

/** The stored options with their defaults, `<id4>` = the last 4 hex digits of the module id. */
function defaults(id4: string): Record<string, ConfigValue> {
  const hostname = `openevse-${id4}`;
  return {
    ssid: '',
    pass: '',
    ap_ssid: '',
    ap_pass: '',
    lang: '',
    www_username: '',
    www_password: '',
    www_http_port: 80,
    www_https_port: 443,
    hostname,
    sntp_hostname: 'pool.ntp.org',
    time_zone: 'Etc/UTC|UTC0',
    limit_default_type: '',
    limit_default_value: 0,
    emoncms_server: '',
    emoncms_node: '',
    emoncms_apikey: '',
    mqtt_server: '',
    mqtt_port: 1883,
    mqtt_topic: hostname,
    mqtt_user: '',
    mqtt_pass: '',
    mqtt_solar: '',
    mqtt_grid_ie: '',
    mqtt_vrms: '',
    mqtt_live_pwr: '',
    mqtt_announce_topic: `openevse/announce/${id4}`,
    ocpp_server: '',
    ocpp_chargeBoxId: '',
    ocpp_authkey: '',
    ocpp_idtag: '',
    divert_type: -1,
    heartbeat_interval: 0,
    heartbeat_current: 0,
    vehicle_data_src: 0,
    emoncms_enabled: false,
    mqtt_enabled: false,
    mqtt_reject_unauthorized: true,
    mqtt_retained: false,
    ohm_enabled: false,
    sntp_enabled: true,
    tesla_enabled: false,
    divert_enabled: false,
    current_shaper_enabled: false,
    pause_uses_disabled: false,
    ocpp_enabled: false,
    rfid_enabled: false,
    factory_write_lock: false,
    is_threephase: false,
    wizard_passed: true,
    default_state: true,
    temp_throttle_enabled: false,
    mqtt_protocol: 'mqtt',
    charge_mode: 'fast',
  };
}

export interface ConfigStore {
  /** Every option, secrets hidden (what `GET /config` and MQTT `<base>/config` show). */
  visible(): Record<string, ConfigValue>;
  /** One option's stored value (secrets in clear: for the module's own use). */
  get(key: string): ConfigValue | undefined;
  /**
   * Merge `body` (known keys of the right type only; `_DUMMY_PASSWORD` keeps a secret);
   * resolves with the keys that changed.
   */
  merge(body: Record<string, unknown>): string[];
  /** Starts at 1, +1 on each change (8-bit, WIFI-API.md §3). */
  readonly version: number;
}

export function createConfigStore(
  id4: string,
  initial: Record<string, ConfigValue> = {},
): ConfigStore {
  const values: Record<string, ConfigValue> = { ...defaults(id4), ...initial };
  let version = 1;
  return {
    visible: () =>
      Object.fromEntries(
        Object.entries(values).map(([k, v]) => [
          k,
          SECRETS.has(k) ? (v === '' ? '' : DUMMY_PASSWORD) : v,
        ]),
      ),
    get: (key) => values[key],
    merge(body) {
      const changed: string[] = [];
      for (const [key, value] of Object.entries(body)) {
        const old = values[key];
        if (old === undefined || typeof value !== typeof old) continue;
        if (SECRETS.has(key) && value === DUMMY_PASSWORD) continue;
        if (value === old) continue;
        values[key] = value as ConfigValue;
        changed.push(key);
      }
      if (changed.length > 0) version = (version + 1) & 0xff;
      return changed;
    },
    get version() {
      return version;
    },
  };
}
