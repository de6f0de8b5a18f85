import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describeError, UsageError } from '../errors.js';

/** The top-level table of a config file: option names (without `--`) to values. */
export type ConfigTable = Readonly<Record<string, unknown>>;

/**
 * Read `--config FILE`: `.json` or `.toml` by its extension, one flat table whose keys are
 * the command's long option names (`port`, `id-tag`, `shutdown-wait`). A file that cannot be
 * read or parsed is a usage error naming it.
 */
export function readConfigFile(path: string): ConfigTable {
  const ext = extname(path).toLowerCase();
  if (ext !== '.json' && ext !== '.toml')
    throw new UsageError(`${path} (--config): expected a .toml or .json file`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path} (--config): ${describeError(error)}`);
  }
  let table: unknown;
  try {
    table = ext === '.json' ? JSON.parse(text) : parseToml(text);
  } catch (error) {
    // The parser's first line says what and where; V8 quotes the text after it (`, "…" is
    // not valid JSON`), which may be a token: that part is dropped.
    const what = (describeError(error).split('\n')[0] ?? '').replace(/, ".*$/, '');
    throw new UsageError(`${path} is not valid ${ext === '.json' ? 'JSON' : 'TOML'}: ${what}`);
  }
  if (table === null || typeof table !== 'object' || Array.isArray(table))
    throw new UsageError(`${path}: expected a table of options at the top`);
  return table as ConfigTable;
}
