/**
 * The EEPROM state file: JSON, written atomically (temp file + rename) so a crash never leaves
 * half a file behind. The firmware model itself does no I/O; the emulator calls these.
 */
import { accessSync, constants, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Eeprom, validateEeprom } from './firmware/eeprom.js';

/** Format marker of the state file. */
const FORMAT = 'evse-emulator-eeprom/1';

/**
 * Read a state file; `null` when it does not exist yet but can be created. Throws, naming the
 * path and what is wrong, on a file that cannot be read or created or is not a state file
 * (nothing is overwritten): a failure at start, not at the first save (AUDIT-2026-12.md #17).
 */
export function loadStateFile(path: string): Eeprom | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      checkCreatable(path);
      return null;
    }
    const why = code === 'EISDIR' ? 'it is a directory' : `${code ?? (err as Error).message}`;
    throw new Error(`emulator state file ${path} cannot be read: ${why}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // JSON.parse quotes the text, newlines included: one line is enough to act on.
    const why = (error as Error).message.replace(/\s+/g, ' ');
    throw new Error(`emulator state file ${path} is not valid: not JSON (${why})`);
  }
  const format = (parsed as { format?: unknown } | null)?.format;
  if (format !== FORMAT) {
    throw new Error(
      `emulator state file ${path} is not valid: not an emulator state file (its "format" must be "${FORMAT}"); give another path, it is created at start`,
    );
  }
  try {
    return validateEeprom((parsed as { eeprom?: unknown }).eeprom);
  } catch (cause) {
    throw new Error(`emulator state file ${path} is not valid: ${(cause as Error).message}`, {
      cause,
    });
  }
}

/** Throws unless a file can be created at `path` (its directory exists and is writable). */
function checkCreatable(path: string): void {
  const dir = dirname(resolve(path));
  try {
    accessSync(dir, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? `directory ${dir} does not exist`
        : `directory ${dir} is not writable (${code})`;
    throw new Error(`emulator state file ${path} cannot be created: ${why}`);
  }
}

/** Write the state file atomically. */
export function saveStateFile(path: string, eeprom: Eeprom): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ format: FORMAT, eeprom }, null, 2)}\n`);
  renameSync(tmp, path);
}
