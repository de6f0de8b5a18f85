/**
 * Firmware limits and the firmware's lenient hex reader, shared by the parser and encoder.
 * Source: OpenEVSE open_evse 8.2.3 `rapi_proc.h`/`rapi_proc.cpp` (RAPI.md §1.2–§1.4).
 */

/**
 * Longest command the firmware accepts: its 32-byte receive buffer also holds the NUL, so 31
 * bytes from `$` up to (not including) CR. Longer frames are dropped silently (RAPI.md §1.2).
 */
export const MAX_COMMAND_LENGTH = 31;

/**
 * Longest line the device itself can send, before CR: its output buffer is 34 bytes, and a
 * `$GT` reply with a sequence id on a board without RTC overflows it by one byte to 33 + CR
 * (RAPI.md §7.12). Replies and async frames up to this length are accepted from devices.
 */
export const MAX_DEVICE_LINE_LENGTH = 33;

/** At most 10 tokens including the command token and the sequence-id token (RAPI.md §1.2). */
export const MAX_TOKENS = 10;

/** Sequence id `00` means "no id" (RAPI.md §1.4). */
export const NO_SEQUENCE_ID = 0;

/**
 * The firmware's `htou8`: reads up to two characters as hex (either case); a single digit is
 * its own value; any invalid character among the first two makes the result 0; anything
 * after the second character is ignored (RAPI.md §1.3, `rapi_proc.cpp` `htou8`).
 */
export function firmwareHexByte(text: string): number {
  let value = 0;
  for (let i = 0; i < 2 && i < text.length; i++) {
    const digit = hexDigit(text.charCodeAt(i));
    if (digit < 0) return 0;
    value = i === 1 ? (value << 4) + digit : digit;
  }
  return value;
}

function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  return -1;
}
