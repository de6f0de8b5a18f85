/**
 * The EEPROM state file: JSON, written atomically (temp file + rename) so a crash never leaves
 * half a file behind. The firmware model itself does no I/O; the emulator calls these.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { type Eeprom, validateEeprom } from './firmware/eeprom.js';

/** Format marker of the state file. */
const FORMAT = 'evse-emulator-eeprom/1';

/** Read a state file; `null` when it does not exist. Throws on a damaged file (nothing is overwritten). */
export function loadStateFile(path: string): Eeprom | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as { format?: unknown; eeprom?: unknown };
    if (parsed.format !== FORMAT) throw new TypeError(`unknown format ${String(parsed.format)}`);
    return validateEeprom(parsed.eeprom);
  } catch (cause) {
    throw new Error(`emulator state file ${path} is not valid: ${(cause as Error).message}`, {
      cause,
    });
  }
}

/** Write the state file atomically. */
export function saveStateFile(path: string, eeprom: Eeprom): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ format: FORMAT, eeprom }, null, 2)}\n`);
  renameSync(tmp, path);
}
