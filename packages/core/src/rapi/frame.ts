/**
 * RAPI frame codec: one wire line ⇄ one typed `RapiFrame` (RAPI.md §1.2–§1.10). Pure.
 * `parseLine` never throws: bad input becomes `{ ok: false, error: RapiError }`.
 */
import { type ChecksumKind, checksum, hex2 } from './checksum.js';
import { RapiError } from './errors.js';
import {
  firmwareHexByte,
  MAX_COMMAND_LENGTH,
  MAX_DEVICE_LINE_LENGTH,
  MAX_TOKENS,
} from './limits.js';

/** The checksum a frame carried; `digits` only when they were not two upper-case hex digits. */
export interface FrameChecksum {
  readonly kind: ChecksumKind;
  /** The checksum text exactly as received (e.g. lower-case `2b`), kept for byte-exact re-encoding. */
  readonly digits?: string;
}

/** `$OK …`/`$NK …` (RAPI.md §1.7). */
export interface RapiReplyFrame {
  readonly kind: 'reply';
  /** `true` for `$OK`, `false` for `$NK`. */
  readonly ok: boolean;
  /** Data tokens after `$OK`/`$NK`, without the sequence id; may contain empty tokens (`$GI`). */
  readonly fields: readonly string[];
  /** Sequence id echoed by the device (RAPI.md §1.4). */
  readonly seq?: number;
  /** The sequence token as received, only when it is not `:` + two upper-case hex digits. */
  readonly seqText?: string;
  readonly checksum?: FrameChecksum;
}

/** Types of unsolicited device frames (RAPI.md §1.10; `$ST` is the pre-D5.2.0 state frame, §2.5). */
export type AsyncFrameType = 'AT' | 'AB' | 'AN' | 'WF' | 'ST';

/** An asynchronous frame: never carries a sequence id (RAPI.md §1.10). */
export interface RapiAsyncFrame {
  readonly kind: 'async';
  readonly type: AsyncFrameType;
  readonly fields: readonly string[];
  readonly checksum?: FrameChecksum;
}

/** A command (`$GS`, `$SC 16 V`, …) as the controller receives it (RAPI.md §1.2). */
export interface RapiCommandFrame {
  readonly kind: 'command';
  /** The command token after `$`, normally two characters (`GS`); kept verbatim (`gs`, `G`). */
  readonly code: string;
  readonly params: readonly string[];
  readonly seq?: number;
  readonly seqText?: string;
  readonly checksum?: FrameChecksum;
}

/** Any RAPI line, discriminated on `kind`. */
export type RapiFrame = RapiReplyFrame | RapiAsyncFrame | RapiCommandFrame;

/** Result of `parseLine`: a frame, or the reason the line is not one. */
export type ParseResult =
  | { readonly ok: true; readonly frame: RapiFrame }
  | { readonly ok: false; readonly error: RapiError };

/**
 * Who wrote the line, which decides how `$ST` and `$OK` are read:
 * - `'device'`: what a host reads. `$OK`/`$NK` are replies; `$AT $AB $AN $WF $ST` are async
 *   (as the ESP32 client does, RAPI.md §5); anything else is a command the device echoed (§1.9).
 * - `'host'`: what the controller reads. Every line is a command, as in the firmware (§1.6:
 *   a looped-back `$OK` is answered `$NK`).
 * - `'auto'` (default): like `'device'`, except `$ST` is a command unless it has exactly one
 *   field (the legacy async `$ST <state>` had one; the timer command has four).
 */
export type LineOrigin = 'device' | 'host' | 'auto';

/** Options for `parseLine`. */
export interface ParseOptions {
  /** Who wrote the line. @default 'auto' */
  readonly origin?: LineOrigin;
}

const ASYNC_TYPES: ReadonlySet<string> = new Set(['AT', 'AB', 'AN', 'WF', 'ST']);
const DOLLAR = 0x24;
const CARET = 0x5e;
const STAR = 0x2a;
const COLON = 0x3a;
const HEX_DIGITS = '0123456789ABCDEF';

/** Parse one line (a trailing CR or LF is ignored) into a `RapiFrame`. Never throws. */
export function parseLine(line: string, options: ParseOptions = {}): ParseResult {
  const text = stripTerminator(line);
  if (text.charCodeAt(0) !== DOLLAR) return fail('MALFORMED', 'a RAPI frame starts with "$"', text);

  // The firmware scans for the checksum marker from the 3rd byte on: the first `^` or `*`
  // ends the data (rapi_proc.cpp `tokenize`), so the letter right after `$` is never a marker.
  const mark = firstMarker(text);
  const end = mark < 0 ? text.length : mark;
  // The command token, then the data tokens (`text.slice(1, end).split(' ')`, by hand).
  const space = text.indexOf(' ');
  const headEnd = space < 0 || space > end ? end : space;
  const head = text.slice(1, headEnd);
  const tokens = headEnd < end ? splitTokens(text, headEnd + 1, end) : [];
  const tokenCount = tokens.length + 1;
  const kind = classify(head, tokens.length, options.origin ?? 'auto');

  const limit = kind === 'command' ? MAX_COMMAND_LENGTH : MAX_DEVICE_LINE_LENGTH;
  if (text.length > limit) {
    return fail('TOO_LONG', `line is ${text.length} bytes; the limit is ${limit}`, text);
  }
  if (tokenCount > MAX_TOKENS) {
    return fail('MALFORMED', `${tokenCount} tokens; at most ${MAX_TOKENS} allowed`, text);
  }

  let sum: FrameChecksum | undefined;
  if (mark >= 0) {
    const sumKind: ChecksumKind = text.charCodeAt(mark) === CARET ? 'xor' : 'additive';
    const expected = checksumOf(text, end, sumKind);
    if (isHex2At(text, mark + 1, expected)) sum = sumKind === 'xor' ? XOR_SUM : ADDITIVE_SUM;
    else {
      const digits = text.slice(mark + 1);
      if (firmwareHexByte(digits) !== expected) {
        return fail('CHECKSUM', `checksum ${digits} does not match ${hex2(expected)}`, text);
      }
      sum = { kind: sumKind, digits };
    }
  }

  if (kind === 'async') {
    const type = head as AsyncFrameType;
    return {
      ok: true,
      frame: sum ? { kind, type, fields: tokens, checksum: sum } : { kind, type, fields: tokens },
    };
  }
  // A last token starting with `:` is the sequence id, but only after the command token
  // (rapi_proc.cpp `processCmd`: `tokenCnt > 1`).
  const last = tokens[tokens.length - 1];
  const seqToken = last?.charCodeAt(0) === COLON ? tokens.pop() : undefined;
  if (kind === 'reply')
    return { ok: true, frame: replyFrame(head === 'OK', tokens, seqToken, sum) };
  const seq = seqToken === undefined ? {} : seqFields(seqToken);
  const checksumField = sum ? { checksum: sum } : {};
  return { ok: true, frame: { kind, code: head, params: tokens, ...seq, ...checksumField } };
}

// Shared by every frame with a canonical checksum (frames are read-only): one object less each.
const XOR_SUM: FrameChecksum = Object.freeze({ kind: 'xor' });
const ADDITIVE_SUM: FrameChecksum = Object.freeze({ kind: 'additive' });

/** Built as literals of fixed shape for the common cases (replies are the hot path). */
function replyFrame(
  ok: boolean,
  fields: string[],
  seqToken: string | undefined,
  sum: FrameChecksum | undefined,
): RapiReplyFrame {
  const kind = 'reply';
  if (seqToken === undefined) {
    return sum ? { kind, ok, fields, checksum: sum } : { kind, ok, fields };
  }
  if (seqToken.length === 3) {
    const seq = firmwareHexByte(seqToken.slice(1));
    if (isHex2At(seqToken, 1, seq)) {
      return sum ? { kind, ok, fields, seq, checksum: sum } : { kind, ok, fields, seq };
    }
  }
  return { kind, ok, fields, ...seqFields(seqToken), ...(sum ? { checksum: sum } : {}) };
}

/** Re-encode a frame, terminator (CR) included; `encodeFrame(parseLine(l).frame)` is `l + '\r'`. */
export function encodeFrame(frame: RapiFrame): string {
  let body: string;
  if (frame.kind === 'reply') body = `$${frame.ok ? 'OK' : 'NK'}${join(frame.fields)}`;
  else if (frame.kind === 'async') body = `$${frame.type}${join(frame.fields)}`;
  else body = `$${frame.code}${join(frame.params)}`;
  if (frame.kind !== 'async' && frame.seq !== undefined) {
    body += ` ${frame.seqText ?? `:${hex2(frame.seq)}`}`;
  }
  if (frame.checksum) {
    const { kind, digits } = frame.checksum;
    body += `${kind === 'xor' ? '^' : '*'}${digits ?? hex2(checksum(body, kind))}`;
  }
  return `${body}\r`;
}

function classify(head: string, fieldCount: number, origin: LineOrigin): RapiFrame['kind'] {
  if (origin === 'host') return 'command';
  if (head === 'OK' || head === 'NK') return 'reply';
  if (head === 'ST' && origin === 'auto') return fieldCount === 1 ? 'async' : 'command';
  return ASYNC_TYPES.has(head) ? 'async' : 'command';
}

function seqFields(token: string): { seq: number; seqText?: string } {
  const seq = firmwareHexByte(token.slice(1));
  return token.length === 3 && isHex2At(token, 1, seq) ? { seq } : { seq, seqText: token };
}

function firstMarker(text: string): number {
  for (let i = 2; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === CARET || c === STAR) return i;
  }
  return -1;
}

/** Whether `text` ends with exactly two upper-case hex digits at `at` spelling `value`. */
function isHex2At(text: string, at: number, value: number): boolean {
  return (
    text.length === at + 2 &&
    text.charCodeAt(at) === HEX_DIGITS.charCodeAt(value >> 4) &&
    text.charCodeAt(at + 1) === HEX_DIGITS.charCodeAt(value & 0xf)
  );
}

/**
 * `text.slice(start, end).split(' ')`, without the intermediate slice: String#split was a
 * third of parseLine's time (V8 12, 20-byte replies).
 */
function splitTokens(text: string, start: number, end: number): string[] {
  const tokens: string[] = [];
  let from = start;
  for (;;) {
    const space = text.indexOf(' ', from);
    if (space < 0 || space >= end) {
      tokens.push(text.slice(from, end));
      return tokens;
    }
    tokens.push(text.slice(from, space));
    from = space + 1;
  }
}

/** The checksum of `text[0, end)`, without slicing it out. */
function checksumOf(text: string, end: number, kind: ChecksumKind): number {
  let sum = 0;
  if (kind === 'xor') for (let i = 0; i < end; i++) sum ^= text.charCodeAt(i) & 0xff;
  else for (let i = 0; i < end; i++) sum = (sum + (text.charCodeAt(i) & 0xff)) & 0xff;
  return sum;
}

function stripTerminator(line: string): string {
  const last = line.charCodeAt(line.length - 1);
  return last === 0x0d || last === 0x0a ? line.slice(0, -1) : line;
}

function join(tokens: readonly string[]): string {
  let out = '';
  for (const t of tokens) out += ` ${t}`;
  return out;
}

function fail(
  code: 'MALFORMED' | 'TOO_LONG' | 'CHECKSUM',
  message: string,
  line: string,
): ParseResult {
  return { ok: false, error: new RapiError(code, message, { line }) };
}

export type { EncodeCommandOptions } from './encode-command.js';
export { encodeCommand } from './encode-command.js';
