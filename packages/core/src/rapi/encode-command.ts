/**
 * Build a command line for the controller (RAPI.md §1.2–§1.4). Re-exported by frame.ts.
 */
import { type ChecksumKind, checksum, hex2 } from './checksum.js';
import { RapiError } from './errors.js';
import { MAX_COMMAND_LENGTH, MAX_TOKENS } from './limits.js';

/** Options for `encodeCommand`. */
export interface EncodeCommandOptions {
  /** Checksum to append: `^XX` XOR, `*XX` additive (legacy), or none ("testing only", §1.3). @default 'xor' */
  readonly checksum?: ChecksumKind | 'none';
  /** Sequence id 0–255 to send as ` :SS` (RAPI.md §1.4; 0 means "no id" to the firmware). */
  readonly seq?: number;
}

// Bytes that would change the frame's meaning inside a token: a space starts a new token,
// `^`/`*` start the checksum, `$` restarts the frame, CR/LF end it (rapi_proc.cpp).
function hasForbidden(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x24 || c === 0x5e || c === 0x2a || c === 0x0d || c === 0x0a) {
      return true;
    }
  }
  return false;
}

/**
 * Encode `$<cmd> <params…> [:SS][^XX]` plus the CR terminator, with upper-case hex digits.
 * Throws `TypeError` for an argument that cannot be sent, and `RapiError` (`TOO_LONG`,
 * `MALFORMED`) for a frame the firmware would drop or refuse (31 bytes, 10 tokens).
 * @example encodeCommand('SC', [16, 'V']) // '$SC 16 V^60\r'
 */
export function encodeCommand(
  cmd: string,
  params: readonly (string | number)[] = [],
  options: EncodeCommandOptions = {},
): string {
  return encodeLine(cmd, params, options.checksum ?? 'xor', options.seq);
}

/** `encodeCommand` with its options spread out, for the client's hot path (no options object). */
export function encodeLine(
  cmd: string,
  params: readonly (string | number)[],
  kind: ChecksumKind | 'none',
  seq: number | undefined,
): string {
  const cache = params.length === 0 && seq === undefined ? bareLines(kind) : undefined;
  const cached = cache?.get(cmd);
  if (cached !== undefined) return cached;
  const line = encodeFresh(cmd, params, kind, seq);
  if (cache !== undefined && cache.size < BARE_LINES_MAX) cache.set(cmd, line);
  return line;
}

// Polling sends the same few bare commands (`$GS^30`, `$GE^26`, …) over and over, from every
// client in a fleet: they are encoded once. Bounded, since `cmd` can be any string.
const BARE_LINES_MAX = 64;
const XOR_LINES = new Map<string, string>();
const ADDITIVE_LINES = new Map<string, string>();
const PLAIN_LINES = new Map<string, string>();

function bareLines(kind: ChecksumKind | 'none'): Map<string, string> | undefined {
  if (kind === 'xor') return XOR_LINES;
  if (kind === 'additive') return ADDITIVE_LINES;
  return kind === 'none' ? PLAIN_LINES : undefined;
}

function encodeFresh(
  cmd: string,
  params: readonly (string | number)[],
  kind: ChecksumKind | 'none',
  seq: number | undefined,
): string {
  if (cmd.length === 0 || hasForbidden(cmd)) {
    throw new TypeError(
      `cmd must be a non-empty command code without spaces, got ${JSON.stringify(cmd)}`,
    );
  }
  let body = `$${cmd}`;
  for (const param of params) body += ` ${paramText(param)}`;
  if (seq !== undefined) {
    if (!Number.isInteger(seq) || seq < 0 || seq > 0xff) {
      throw new TypeError(`options.seq must be an integer 0–255, got ${seq}`);
    }
    body += ` :${hex2(seq)}`;
  }
  const tokens = 1 + params.length + (seq === undefined ? 0 : 1);
  if (tokens > MAX_TOKENS) {
    throw new RapiError(
      'MALFORMED',
      `${tokens} tokens; the firmware accepts at most ${MAX_TOKENS}`,
      {
        line: body,
      },
    );
  }
  const line =
    kind === 'none' ? body : `${body}${kind === 'xor' ? '^' : '*'}${hex2(checksum(body, kind))}`;
  if (line.length > MAX_COMMAND_LENGTH) {
    throw new RapiError(
      'TOO_LONG',
      `${line.length} bytes; the firmware drops commands over ${MAX_COMMAND_LENGTH}`,
      { line },
    );
  }
  return `${line}\r`;
}

function paramText(param: string | number): string {
  if (typeof param === 'number') {
    // The firmware parses unsigned decimal only (RAPI.md §1.5): no sign, no fraction.
    if (!Number.isSafeInteger(param) || param < 0) {
      throw new TypeError(`params must be non-negative integers or strings, got ${param}`);
    }
    return String(param);
  }
  if (param.length === 0 || hasForbidden(param)) {
    throw new TypeError(
      `params must be non-empty and free of space, $, ^, *, CR, LF; got ${JSON.stringify(param)}`,
    );
  }
  return param;
}
