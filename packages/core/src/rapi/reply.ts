/**
 * Table-driven reply decoding: `$OK` data tokens → a typed object named by `commands.ts`.
 */
import { type CommandCode, commandSpec, commands, type ReplyFieldSpec } from './commands.js';
import { RapiError } from './errors.js';

type FieldValue<T> = T extends 'dec' | 'hex' ? number : string;

/** The decoded data of `code`'s reply, e.g. `DecodedReply<'GG'>` = `{ currentMa: number; voltageMv: number }`. */
export type DecodedReply<C extends CommandCode> = {
  readonly [F in (typeof commands)[C]['reply'][number] as F['name']]: FieldValue<F['type']>;
};

/**
 * Decode `fields` (the data tokens of a reply to `code`) with the table. Extra tokens are
 * ignored (newer firmware may append); too few tokens or a bad number is `MALFORMED`, like
 * the ESP32 library's "invalid response" (RAPI.md §5).
 * @example decodeReply('GS', ['03', '125', '03', '0540']) // { evseState: 3, elapsedSeconds: 125, pilotState: 3, vflags: 0x540 }
 */
export function decodeReply<C extends CommandCode>(
  code: C,
  fields: readonly string[],
): DecodedReply<C> {
  const spec = commandSpec(code);
  const out: Record<string, number | string> = {};
  for (let i = 0; i < spec.reply.length; i++) {
    const field = spec.reply[i] as ReplyFieldSpec;
    out[field.name] = decodeField(code, field, fields, i);
  }
  return out as DecodedReply<C>;
}

function decodeField(
  code: string,
  field: ReplyFieldSpec,
  fields: readonly string[],
  i: number,
): number | string {
  if (field.type === 'rest') {
    // `$GI` starts its data with a space of its own (RAPI.md §7.4); the ESP32 strips it.
    return fields.slice(i).join(' ').trimStart();
  }
  const token = fields[i];
  if (token === undefined) {
    throw new RapiError(
      'MALFORMED',
      `$${code} reply has ${fields.length} fields; ${field.name} is missing`,
    );
  }
  if (field.type === 'text') return token;
  const ok = field.type === 'dec' ? isDecimal(token) : isHex(token);
  if (!ok)
    throw new RapiError(
      'MALFORMED',
      `$${code} ${field.name}: ${JSON.stringify(token)} is not ${field.type}`,
    );
  return Number.parseInt(token, field.type === 'dec' ? 10 : 16);
}

/** `/^-?\d+$/`, without a regex per field (every polled reply goes through here). */
function isDecimal(token: string): boolean {
  const start = token.charCodeAt(0) === 0x2d ? 1 : 0;
  if (token.length === start) return false;
  for (let i = start; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** `/^[0-9a-fA-F]+$/`. */
function isHex(token: string): boolean {
  if (token.length === 0) return false;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) continue;
    const letter = c | 0x20; // A–F folded onto a–f
    if (letter < 0x61 || letter > 0x66) return false;
  }
  return true;
}

/** Number of data fields the table expects in `code`'s reply (`rest` counts as one). */
export function replyFieldCount(code: CommandCode): number {
  return commands[code].reply.length;
}
