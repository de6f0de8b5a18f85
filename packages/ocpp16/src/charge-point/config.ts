import type { ConfigKey, SupportedMeasurand } from '@evse/ocpp15';
import { SUPPORTED_MEASURANDS } from '@evse/ocpp15';
import type { Configuration } from '@evse/ocpp15/engine';
import type { StateStore } from '@evse/ocppj';
import {
  CONFIG_KEYS_16,
  type ConfigKey16,
  changeConfiguration,
  getConfiguration,
  isConfigKey16,
} from '../config-keys.js';
import type { ConfigurationStatus } from '../messages/enums.js';

/** The one key the engine spells the 1.5 way (STEVE.md §3: 1.5 has `HeartBeatInterval`). */
const key16 = (key: ConfigKey | ConfigKey16): ConfigKey16 | null => {
  if (key === 'HeartBeatInterval') return 'HeartbeatInterval';
  return isConfigKey16(key) ? key : null;
};

const isMeasurand = (s: string): s is SupportedMeasurand =>
  (SUPPORTED_MEASURANDS as readonly string[]).includes(s);

/**
 * The 1.6 configuration (CONFIG_KEYS_16) behind the engine's `Configuration`: defaults, then
 * options, then persisted ChangeConfiguration values (the shared state store).
 */
export class Configuration16 implements Configuration {
  readonly #store: StateStore;
  readonly #initial: Readonly<Record<string, string>>;

  constructor(store: StateStore, initial: Readonly<Record<string, string>>) {
    this.#store = store;
    this.#initial = initial;
  }

  get(key: ConfigKey | ConfigKey16): string {
    const k = key16(key);
    if (k === null) return '';
    return this.#store.get().config[k] ?? this.#initial[k] ?? CONFIG_KEYS_16[k].default;
  }

  seconds(key: ConfigKey | ConfigKey16): number {
    return Number.parseInt(this.get(key), 10) || 0;
  }

  flag(key: ConfigKey | ConfigKey16): boolean {
    return this.get(key) === 'true';
  }

  measurands(key: ConfigKey | ConfigKey16): SupportedMeasurand[] {
    return this.get(key)
      .split(',')
      .map((s) => s.trim())
      .filter(isMeasurand);
  }

  /** ChangeConfiguration (OCPP 1.6 §5.3): the verdict of config-keys.ts, stored when taken. */
  change16(key: string, value: string): ConfigurationStatus {
    const current = isConfigKey16(key) ? this.get(key) : undefined;
    const verdict = changeConfiguration(key, value, current);
    if (verdict.status === 'Accepted' || verdict.status === 'RebootRequired')
      this.set(key as ConfigKey16, verdict.value);
    return verdict.status;
  }

  change(key: string, value: string): 'Accepted' | 'Rejected' | 'NotSupported' {
    const status = this.change16(key, value);
    return status === 'RebootRequired' ? 'Accepted' : status;
  }

  set(key: ConfigKey | ConfigKey16, value: string): void {
    const k = key16(key);
    if (k === null) return;
    const store = this.#store;
    if (!store.durable && this.get(k) === value) return;
    store.update((s) => {
      s.config[k] = value;
    });
  }

  /** GetConfiguration (OCPP 1.6 §5.8): AuthorizationKey listed without its value. */
  list(keys?: readonly string[]) {
    const { configurationKey, unknownKey } = getConfiguration((k) => this.get(k), keys);
    return {
      configurationKey: configurationKey.map((c) => ({ ...c, value: c.value ?? '' })),
      unknownKey,
      keyValues: configurationKey,
    };
  }
}

/** The engine's configuration hook for 1.6. */
export const configuration16 = (
  store: StateStore,
  initial: Record<string, string>,
): Configuration16 => new Configuration16(store, initial);
