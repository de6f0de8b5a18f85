/**
 * Typed helpers on top of the client core, driven by the command table: `exec`/`get` decode
 * any reply with `decodeReply`; the friendly wrappers only rename or convert units.
 */
import type { RequestOptions } from './client.js';
import { NO_OPTIONS, NO_PARAMS, RapiClientBase } from './client-core.js';
import { decodeSettingsFlags, type SettingsFlagName } from './codes.js';
import { type CommandCode, commandSpec, type GetterCode } from './commands.js';
import { type DecodedReply, decodeReply } from './reply.js';
import { type DeviceStatus, decodeStatus } from './status-reply.js';
import { type ControllerVersion, controllerVersion } from './version-probe.js';

/** `$GP` reading of −2560 (−256.0 °C) means "no sensor" (RAPI.md §2.3). */
const NO_SENSOR = -2560;

/** How `setCurrent` applies the value (RAPI.md §3.7). */
export type CurrentMode = 'save' | 'volatile' | 'max';

/** Temperatures in °C; `null` where the sensor is absent. */
export interface Temperatures {
  readonly ds3231C: number | null;
  readonly mcp9808C: number | null;
  readonly tmp007C: number | null;
}

/** The table-driven helpers a `RapiClient` adds to its core. */
export interface RapiClientHelpers {
  /**
   * Send `code` and decode its reply with the command table. Commands that never answer
   * (`$FR`) resolve with `{}` once written. `$NK` rejects with `RapiError` code `NK`.
   */
  exec<C extends CommandCode>(
    code: C,
    params?: readonly (string | number)[],
    options?: RequestOptions,
  ): Promise<DecodedReply<C>>;
  /** `exec` for a getter: `await client.get('GC')` → `{ minAmps, maxAmps, pilotAmps, configuredMaxAmps }`. */
  get<C extends GetterCode>(code: C, options?: RequestOptions): Promise<DecodedReply<C>>;
  /**
   * `$GS`, decoded by the client's dialect: `{ evseState, elapsedSeconds, pilotState, vflags }`
   * (decode names with `codes.ts`); `pilotState` and `vflags` are `null` on RAPI < 5.0.0.
   */
  getState(): Promise<DeviceStatus>;
  /**
   * Read `$GV` (never with a sequence id: the device's dialect is not known yet) and speak the
   * device's dialect from then on. Rejects with `RapiError` `UNSUPPORTED` when the protocol is
   * older than `OLDEST_PROTOCOL` or not a version (docs/protocol/FIELD-FIRMWARE.md §2).
   */
  probeVersion(options?: RequestOptions): Promise<ControllerVersion>;
  /** `$GU`: `{ sessionWs, lifetimeWh }` — session in watt-seconds, lifetime in watt-hours. */
  getEnergy(): Promise<DecodedReply<'GU'>>;
  /** `$GG`: `{ currentMa, voltageMv }` (current is −1 on builds without ammeter). */
  getCurrentVoltage(): Promise<DecodedReply<'GG'>>;
  /** `$GP` in °C, `null` for absent sensors. */
  getTemperatures(): Promise<Temperatures>;
  /** `$GV`: `{ firmware, protocol }`, e.g. `8.2.3` and `5.2.1`. */
  getVersion(): Promise<DecodedReply<'GV'>>;
  /** `$GE`: `{ pilotAmps, flags, flagNames }`. */
  getSettings(): Promise<DecodedReply<'GE'> & { readonly flagNames: SettingsFlagName[] }>;
  /**
   * `$SC amps [V|M]`: `'save'` (default) stores it, `'volatile'` only applies it, `'max'` sets
   * the write-once hardware maximum. Resolves with the resulting capacity. On `$NK` the
   * rejection's `error.reply.fields[0]` still holds the capacity the device settled on.
   */
  setCurrent(amps: number, mode?: CurrentMode): Promise<number>;
  /** `$FE`. */
  enable(): Promise<void>;
  /** `$FD`. */
  disable(): Promise<void>;
  /** `$FS`. */
  sleep(): Promise<void>;
  /** `$FR`: resolves once written; the device reboots and answers nothing (next: `$AB`). */
  reset(): Promise<void>;
  /** `$S4 0|1` (AUTH_LOCK builds only; others answer `$NK`). */
  setAuthLock(locked: boolean): Promise<void>;
}

const toC = (tenths: number): number | null => (tenths === NO_SENSOR ? null : tenths / 10);

/**
 * The full client: the core plus the helpers, as prototype methods (one function per class
 * rather than 15 closures per client, issue 8).
 */
export class RapiClientImpl extends RapiClientBase implements RapiClientHelpers {
  async exec<C extends CommandCode>(
    code: C,
    params: readonly (string | number)[] = NO_PARAMS,
    options: RequestOptions = NO_OPTIONS,
  ): Promise<DecodedReply<C>> {
    if (commandSpec(code).noReply) {
      await this.send(code, params, options);
      return decodeReply(code, NO_FIELDS);
    }
    const reply = await this.request(code, params, options);
    return decodeReply(code, reply.fields);
  }

  get<C extends GetterCode>(code: C, options?: RequestOptions): Promise<DecodedReply<C>> {
    return this.exec(code, NO_PARAMS, options);
  }

  async getState(): Promise<DeviceStatus> {
    const reply = await this.request('GS');
    return decodeStatus(reply.fields, this.dialect);
  }

  async probeVersion(options?: RequestOptions): Promise<ControllerVersion> {
    const timeoutMs = options?.timeoutMs;
    const reply = await this.request(
      'GV',
      NO_PARAMS,
      timeoutMs === undefined ? NO_SEQUENCE_ID : { timeoutMs, sequenceId: false },
    );
    const version = controllerVersion(reply.fields[0], reply.fields[1]);
    this.useDialect(version.dialect);
    return version;
  }

  getEnergy(): Promise<DecodedReply<'GU'>> {
    return this.exec('GU');
  }

  getCurrentVoltage(): Promise<DecodedReply<'GG'>> {
    return this.exec('GG');
  }

  async getTemperatures(): Promise<Temperatures> {
    const t = await this.exec('GP');
    return { ds3231C: toC(t.ds3231), mcp9808C: toC(t.mcp9808), tmp007C: toC(t.tmp007) };
  }

  getVersion(): Promise<DecodedReply<'GV'>> {
    return this.exec('GV');
  }

  async getSettings(): Promise<DecodedReply<'GE'> & { readonly flagNames: SettingsFlagName[] }> {
    const s = await this.exec('GE');
    return { ...s, flagNames: decodeSettingsFlags(s.flags) };
  }

  async setCurrent(amps: number, mode: CurrentMode = 'save'): Promise<number> {
    const suffix = mode === 'save' ? [] : [mode === 'volatile' ? 'V' : 'M'];
    return (await this.exec('SC', [amps, ...suffix])).amps;
  }

  enable(): Promise<void> {
    return this.#run('FE');
  }

  disable(): Promise<void> {
    return this.#run('FD');
  }

  sleep(): Promise<void> {
    return this.#run('FS');
  }

  reset(): Promise<void> {
    return this.#run('FR');
  }

  setAuthLock(locked: boolean): Promise<void> {
    return this.#run('S4', [locked ? 1 : 0]);
  }

  async #run(code: CommandCode, params: readonly (string | number)[] = NO_PARAMS): Promise<void> {
    await this.exec(code, params);
  }
}

const NO_FIELDS: readonly string[] = Object.freeze([]);
const NO_SEQUENCE_ID: RequestOptions = Object.freeze({ sequenceId: false });
