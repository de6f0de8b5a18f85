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

const DEC = /^-?\d+$/;
const HEX = /^[0-9a-fA-F]+$/;

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
  spec.reply.forEach((field, i) => {
    const value = decodeField(code, field, fields, i);
    out[field.name] = value;
  });
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
  const ok = field.type === 'dec' ? DEC.test(token) : HEX.test(token);
  if (!ok)
    throw new RapiError(
      'MALFORMED',
      `$${code} ${field.name}: ${JSON.stringify(token)} is not ${field.type}`,
    );
  return Number.parseInt(token, field.type === 'dec' ? 10 : 16);
}

/** Number of data fields the table expects in `code`'s reply (`rest` counts as one). */
export function replyFieldCount(code: CommandCode): number {
  return commands[code].reply.length;
}
