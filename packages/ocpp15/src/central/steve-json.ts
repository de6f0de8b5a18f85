/**
 * SteVe's JSON quirks that a faithful simulator reproduces (STEVE.md §1.7): dates written
 * with milliseconds and the JVM's offset, and OWASP `Encode.forHtml` applied to every string
 * read and written (`ocpp/ws/custom/CustomStringModule.java`).
 */

const pad = (n: number, width = 2): string => String(Math.trunc(Math.abs(n))).padStart(width, '0');

/**
 * Formats like Joda `DateTime.toString()`: `2026-08-21T14:15:13.123+02:00`, or `…Z` for a
 * zero offset (a server running in UTC).
 */
export function formatSteveDate(date: Date, offsetMinutes = 0): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const base =
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `.${pad(local.getUTCMilliseconds(), 3)}`;
  if (offsetMinutes === 0) return `${base}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  return `${base}${sign}${pad(Math.abs(offsetMinutes) / 60)}:${pad(Math.abs(offsetMinutes) % 60)}`;
}

const HTML: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
};

// Characters that are invalid in XML 1.0 (C0 controls except tab/LF/CR, and DEL as OWASP does).
const isInvalidXmlChar = (code: number): boolean =>
  (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;

// Exactly the characters forHtml changes: the five entities and the invalid XML controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const NEEDS_ENCODING = /[&<>"'\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

/** OWASP `Encode.forHtml`: `& < > " '` become entities; invalid XML control characters become spaces. */
export function forHtml(text: string): string {
  // Almost every string has nothing to encode: hand it back as is (one scan, no copy).
  if (!NEEDS_ENCODING.test(text)) return text;
  let out = '';
  for (const c of text) out += HTML[c] ?? (isInvalidXmlChar(c.charCodeAt(0)) ? ' ' : c);
  return out;
}

/** Applies {@link forHtml} to every string inside a JSON value (keys are left alone). */
export function escapeStrings<T>(value: T): T {
  if (typeof value === 'string') return forHtml(value) as T;
  if (Array.isArray(value)) return value.map((v) => escapeStrings(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = escapeStrings(v);
    return out as T;
  }
  return value;
}
