/**
 * RAPI checksums (RAPI.md §1.3). Both forms cover every byte from the leading `$` up to,
 * but not including, the `^`/`*` that introduces the checksum.
 */

/** Which checksum a frame carries: `^XX` XOR (what the firmware emits) or legacy `*XX` sum. */
export type ChecksumKind = 'xor' | 'additive';

/** XOR of the char codes of `text` (the `^XX` form). `$GS` → 0x30. */
export function xorChecksum(text: string): number {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum ^= text.charCodeAt(i) & 0xff;
  return sum;
}

/** Sum of the char codes of `text` modulo 256 (the legacy `*XX` form). `$FD` → 0xAE. */
export function additiveChecksum(text: string): number {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum = (sum + (text.charCodeAt(i) & 0xff)) & 0xff;
  return sum;
}

/** The checksum of `text` of the given kind. */
export function checksum(text: string, kind: ChecksumKind = 'xor'): number {
  return kind === 'xor' ? xorChecksum(text) : additiveChecksum(text);
}

// Built once: formatting every checksum and sequence id with toString/padStart was measurable.
const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) =>
  i.toString(16).toUpperCase().padStart(2, '0'),
);

/** Two upper-case hex digits, as the firmware prints with `%02X`. */
export function hex2(value: number): string {
  return HEX2[value & 0xff] as string;
}

/** `text` with its checksum appended: `withChecksum('$GS')` → `'$GS^30'`. */
export function withChecksum(text: string, kind: ChecksumKind = 'xor'): string {
  return `${text}${kind === 'xor' ? '^' : '*'}${hex2(checksum(text, kind))}`;
}
