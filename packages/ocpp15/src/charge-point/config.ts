import type { StateStore } from '@evse/ocppj';
import { SUPPORTED_MEASURANDS, type SupportedMeasurand } from './meter-values.js';

type Kind = 'seconds' | 'boolean' | 'measurands' | 'text';

interface KeyDef {
  readonly kind: Kind;
  readonly readonly: boolean;
  readonly default: string;
}

/**
 * The configuration keys this charge point implements (1.5 spelling: `HeartBeatInterval`
 * with a capital B; STEVE.md §3). Keys SteVe's 1.5 UI offers but this charge point has no
 * hardware for (BlinkRepeat, LightIntensity, Proximity*, clock-aligned data) are not listed:
 * ChangeConfiguration answers NotSupported and GetConfiguration reports them as unknownKey.
 */
export const CONFIG_KEYS = {
  /** Seconds between Heartbeats; set from BootNotification.conf, changeable. */
  HeartBeatInterval: { kind: 'seconds', readonly: false, default: '300' },
  /** Seconds an authorization waits for the EV to be plugged in. */
  ConnectionTimeOut: { kind: 'seconds', readonly: false, default: '120' },
  /** Seconds between MeterValues during a transaction (0 = none). */
  MeterValueSampleInterval: { kind: 'seconds', readonly: false, default: '60' },
  /** Measurands sampled in MeterValues (comma-separated). */
  MeterValuesSampledData: {
    kind: 'measurands',
    readonly: false,
    default: SUPPORTED_MEASURANDS.join(','),
  },
  /** Measurands in StopTransaction.transactionData (comma-separated; empty = no data). */
  StopTxnSampledData: {
    kind: 'measurands',
    readonly: false,
    default: 'Energy.Active.Import.Register',
  },
  /** Times a failed reset is retried (the station reset is attempted once; kept for SteVe). */
  ResetRetries: { kind: 'seconds', readonly: false, default: '1' },
  /** Start at once for tags the local list/cache accepts, without asking the CS first. */
  LocalPreAuthorize: { kind: 'boolean', readonly: false, default: 'true' },
  /** While offline, accept tags the local list/cache accepts. */
  LocalAuthorizeOffline: { kind: 'boolean', readonly: false, default: 'true' },
  /** While offline, accept unknown tags (the CS has the last word in StartTransaction.conf). */
  AllowOfflineTxForUnknownId: { kind: 'boolean', readonly: false, default: 'false' },
  /** Remember the CS's answers to Authorize in the authorization cache. */
  AuthorizationCacheEnabled: { kind: 'boolean', readonly: false, default: 'true' },
  /** Number of connectors (an OpenEVSE has one). */
  NumberOfConnectors: { kind: 'text', readonly: true, default: '1' },
  /** The chargeBoxId in use. */
  ChargePointId: { kind: 'text', readonly: true, default: '' },
} as const satisfies Record<string, KeyDef>;

/** A configuration key this charge point knows. */
export type ConfigKey = keyof typeof CONFIG_KEYS;

const isKey = (k: string): k is ConfigKey => Object.hasOwn(CONFIG_KEYS, k);

/** Whether `value` is acceptable for a key of `kind`. */
function valid(kind: Kind, value: string): boolean {
  switch (kind) {
    case 'seconds':
      return /^\d{1,9}$/.test(value);
    case 'boolean':
      return value === 'true' || value === 'false';
    case 'measurands':
      return value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
        .every((s) => (SUPPORTED_MEASURANDS as readonly string[]).includes(s));
    case 'text':
      return true;
  }
}

/** The configuration: defaults, then options, then persisted ChangeConfiguration values. */
export interface Configuration {
  get(key: ConfigKey): string;
  seconds(key: ConfigKey): number;
  flag(key: ConfigKey): boolean;
  measurands(key: ConfigKey): SupportedMeasurand[];
  /** ChangeConfiguration semantics. */
  change(key: string, value: string): 'Accepted' | 'Rejected' | 'NotSupported';
  /** Set a value from this side (e.g. the boot interval), persisted like a change. */
  set(key: ConfigKey, value: string): void;
  /** GetConfiguration semantics: the requested keys (all when empty/missing). */
  list(keys?: readonly string[]): {
    configurationKey: { key: string; readonly: boolean; value: string }[];
    unknownKey: string[];
  };
}

const isMeasurand = (s: string): s is SupportedMeasurand =>
  (SUPPORTED_MEASURANDS as readonly string[]).includes(s);

/** The configuration over the persisted state: a class, one copy of each method per process. */
class Config implements Configuration {
  readonly #store: StateStore;
  readonly #initial: Partial<Record<ConfigKey, string>>;

  constructor(store: StateStore, initial: Partial<Record<ConfigKey, string>>) {
    this.#store = store;
    this.#initial = initial;
  }

  get(key: ConfigKey): string {
    return this.#store.get().config[key] ?? this.#initial[key] ?? CONFIG_KEYS[key].default;
  }

  seconds(key: ConfigKey): number {
    return Number.parseInt(this.get(key), 10) || 0;
  }

  flag(key: ConfigKey): boolean {
    return this.get(key) === 'true';
  }

  measurands(key: ConfigKey): SupportedMeasurand[] {
    return this.get(key)
      .split(',')
      .map((s) => s.trim())
      .filter(isMeasurand);
  }

  change(key: string, value: string): 'Accepted' | 'Rejected' | 'NotSupported' {
    if (!isKey(key)) return 'NotSupported';
    const def = CONFIG_KEYS[key];
    if (def.readonly || !valid(def.kind, value.trim())) return 'Rejected';
    this.set(key, value.trim());
    return 'Accepted';
  }

  set(key: ConfigKey, value: string): void {
    const store = this.#store;
    // A memory-only store that would read the same value anyway has nothing to record: the
    // options it falls back to are fixed for its life (every boot sets HeartBeatInterval).
    if (!store.durable && this.get(key) === value) return;
    store.update((s) => {
      s.config[key] = value;
    });
  }

  list(keys?: readonly string[]): {
    configurationKey: { key: string; readonly: boolean; value: string }[];
    unknownKey: string[];
  } {
    const wanted = keys && keys.length > 0 ? keys : Object.keys(CONFIG_KEYS);
    const configurationKey = [];
    const unknownKey = [];
    for (const k of wanted) {
      if (isKey(k))
        configurationKey.push({ key: k, readonly: CONFIG_KEYS[k].readonly, value: this.get(k) });
      else unknownKey.push(k);
    }
    return { configurationKey, unknownKey };
  }
}

/** Build the configuration over the persisted state. */
export function createConfiguration(
  store: StateStore,
  initial: Partial<Record<ConfigKey, string>>,
): Configuration {
  return new Config(store, initial);
}
