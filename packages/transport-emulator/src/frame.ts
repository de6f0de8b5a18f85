/**
 * Turning one received frame into tokens, and formatting what the firmware sends back
 * (RAPI.md §1.3, §1.4, §1.5, §1.7).
 */
import { dialectOf, hex2, type RapiDialect, withChecksum } from '@evse/core';

/** The 8.2.3 wire (RAPI 5.2.1), for callers that do not name a dialect. */
const MODERN: RapiDialect = dialectOf([5, 2, 1]);

/** The firmware's limit on tokens, including the command and sequence-id tokens (§1.2). */
export const MAX_TOKENS = 10;

/** A frame that passed the checksum and token checks. */
export interface ParsedCommand {
  /** The command token (`$GS`). */
  code: string;
  /** Its parameters. */
  params: string[];
  /** Sequence id to echo, or 0 for none (§1.4). */
  seq: number;
}

/** Result of `parseCommand`: a command, or `null` when the firmware answers a bare `$NK^21`. */
export type ParseOutcome = ParsedCommand | null;

/**
 * Two hex digits the firmware's way: at most two characters are read, `0-9 A-F a-f`; an
 * invalid character makes the whole value 0; a single digit is its own value (§1.3).
 */
export function parseHex2(text: string): number {
  return parseHex2At(text, 0);
}

/** `parseHex2` of `text` from index `start` (no substring needed). */
function parseHex2At(text: string, start: number): number {
  let v = 0;
  const n = Math.min(start + 2, text.length);
  for (let i = start; i < n; i++) {
    const c = text.charCodeAt(i);
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 65 && c <= 70) d = c - 55;
    else if (c >= 97 && c <= 102) d = c - 87;
    else return 0;
    v = v * 16 + d;
  }
  return v;
}

/**
 * Unsigned decimal without validation (§1.5): every character adds `c - '0'`, in 32-bit
 * unsigned arithmetic, so `A` is 17 and `-` wraps. Callers truncate to their field width.
 */
export function parseNumber(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) n = (n * 10 + (text.charCodeAt(i) - 48)) >>> 0;
  return n;
}

/**
 * Checksum check, tokenising and sequence-id stripping of a frame (without CR). Without
 * `sequenceIds` (RAPI < 3.0) a `:ss` token is just another parameter.
 */
export function parseCommand(frame: string, sequenceIds = true): ParseOutcome {
  let body = frame;
  // The FIRST `^` or `*` introduces the checksum (the firmware scans from the start); both
  // sums are kept while scanning, so the frame is read once.
  let xor = 0;
  let add = 0;
  for (let i = 0; i < frame.length; i++) {
    const c = frame.charCodeAt(i);
    if (c === 0x5e || c === 0x2a) {
      if (parseHex2At(frame, i + 1) !== (c === 0x5e ? xor : add)) return null;
      body = frame.slice(0, i);
      break;
    }
    const b = c & 0xff;
    xor ^= b;
    add = (add + b) & 0xff;
  }
  const params = body.split(' ');
  if (params.length > MAX_TOKENS) return null;
  let seq = 0;
  const last = params[params.length - 1] as string;
  if (sequenceIds && params.length > 1 && last.charCodeAt(0) === 0x3a) {
    seq = parseHex2At(last, 1);
    params.pop();
  }
  const code = params.shift() as string;
  return { code, params, seq };
}

/**
 * A reply line: `$OK`/`$NK`, optional data, optional ` :SS`, `^XX`, CR (§1.7), as `dialect`
 * writes it (FIELD-FIRMWARE.md §2: no checksum before RAPI 2.0, `$OK ` with a space on 1.0.3).
 */
export function formatReply(
  ok: boolean,
  data: string | null,
  seq: number,
  dialect: RapiDialect = MODERN,
): string {
  let body = ok ? '$OK' : '$NK';
  if (dialect.replySpace) body += ` ${data ?? ''}`;
  else if (data !== null) body += ` ${data}`;
  if (seq && dialect.sequenceIds) body += ` :${hex2(seq)}`;
  return `${dialect.replyChecksum ? withChecksum(body) : body}\r`;
}

/** An async frame: text, `^XX` (RAPI 2.0.1 on), CR; never a sequence id, never an LF (§1.10). */
export function formatAsync(body: string, dialect: RapiDialect = MODERN): string {
  return `${dialect.asyncChecksum ? withChecksum(body) : body}\r`;
}

/** Lower-case zero-padded hex, as `%02x` / `%04x`. */
export function hexLower(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}
