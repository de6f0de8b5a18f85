import type { EventEmitter } from 'node:events';
import { type Command, InvalidArgumentError, type Option } from 'commander';
import { UsageError } from '../errors.js';
import type { ConfigTable } from './file.js';

/** Where a value came from, for error messages: a file path or an environment variable. */
type Source = 'config' | 'env';

/** The config key of an option: its long flag without the dashes (`--id-tag` → `id-tag`). */
export function configKey(option: Option): string | null {
  return option.long?.replace(/^--/, '') ?? null;
}

/** The environment variable of an option: `--id-tag` → `EVSE_ID_TAG`. */
export function envName(option: Option): string | null {
  const key = configKey(option);
  return key === null ? null : `EVSE_${key.toUpperCase().replace(/-/g, '_')}`;
}

/** The options of `cmd` a file or the environment may set (all but `--config` itself). */
export function configurableOptions(cmd: Command): Map<string, Option> {
  const byKey = new Map<string, Option>();
  for (const option of cmd.options) {
    const key = configKey(option);
    if (key !== null && key !== 'config') byKey.set(key, option);
  }
  return byKey;
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['', '0', 'false', 'no', 'off']);

/**
 * The value `raw` gives `option`, checked by the option's own parser (the one its flag uses),
 * or `undefined` when it sets nothing (a flag that is off). A bad value is a usage error
 * naming `where`; the value itself is never repeated (it may be a token).
 */
function optionValue(option: Option, raw: unknown, where: string): unknown {
  const bad = (why: string) => new UsageError(`${where}: ${why} (as ${option.flags})`);
  const takesValue = option.required || option.optional;
  if (!takesValue) {
    // A flag (`--json`, `--allow-any`, `--no-tcp`): true sets it, false leaves the default.
    let on: boolean;
    if (typeof raw === 'boolean') on = raw;
    else if (typeof raw === 'string' && TRUE.has(raw.trim().toLowerCase())) on = true;
    else if (typeof raw === 'string' && FALSE.has(raw.trim().toLowerCase())) on = false;
    else throw bad('expected true or false');
    if (!on) return undefined;
    return !option.negate;
  }
  // `--pty [path]`: `true` is the flag without its optional value.
  if (option.optional && raw === true) return option.presetArg ?? true;
  let text: string;
  if (typeof raw === 'string') text = raw;
  else if (typeof raw === 'number' && Number.isFinite(raw)) text = String(raw);
  else if (Array.isArray(raw) && raw.every((x) => typeof x === 'string' || typeof x === 'number'))
    text = raw.join(','); // a list option (`allow = ["CP-1", "CP-2"]`)
  else throw bad('expected a string or a number');
  if (!option.parseArg) return text;
  try {
    return option.parseArg(text, option.defaultValue as never);
  } catch (error) {
    if (error instanceof InvalidArgumentError) throw bad(error.message);
    throw error;
  }
}

/**
 * Set the options of `cmd` from a config file and the environment, before commander parses
 * the command line: the file's values with source `config`, then `EVSE_*` variables with
 * source `env` over them; flags parsed afterwards replace both (see {@link letFlagsWin}).
 * A key of the file that names no option of `cmd` is a usage error naming the key and file.
 */
export function applyConfig(
  cmd: Command,
  file: { path: string; table: ConfigTable } | null,
  env: Readonly<Record<string, string | undefined>>,
): void {
  const options = configurableOptions(cmd);
  const set = (option: Option, raw: unknown, where: string, source: Source): void => {
    const value = optionValue(option, raw, where);
    if (value !== undefined) cmd.setOptionValueWithSource(option.attributeName(), value, source);
  };
  if (file) {
    for (const [key, raw] of Object.entries(file.table)) {
      const option = options.get(key);
      if (!option)
        throw new UsageError(
          `${file.path}: unknown key "${key}" (evse ${cmd.name()} has no --${key} option)`,
        );
      set(option, raw, `${file.path}: ${key}`, 'config');
    }
  }
  for (const option of options.values()) {
    const name = envName(option);
    const raw = name === null ? undefined : env[name];
    if (name !== null && raw !== undefined) set(option, raw, name, 'env');
  }
}

/**
 * A flag replaces a value from the file or the environment instead of adding to it: list
 * options (`--allow`, `--tags`) append to their previous value, so that value is reset to
 * the default just before commander handles the flag.
 */
export function letFlagsWin(cmd: Command): void {
  for (const option of configurableOptions(cmd).values()) {
    const key = option.attributeName();
    // Commander's Command is an EventEmitter; its typings leave prependListener out.
    (cmd as unknown as EventEmitter).prependListener(`option:${option.name()}`, () => {
      const source = cmd.getOptionValueSource(key);
      if (source === 'config' || source === 'env')
        cmd.setOptionValueWithSource(key, option.defaultValue, 'default');
    });
  }
}
