/**
 * Text that crosses an edge (a CLI option, a request body, a log line): one place for what is
 * accepted and how control characters are shown (AUDIT-2026-12.md findings 13, 19).
 */

/** C0 and C1 controls, DEL, and the Unicode bidi overrides that reorder a terminal line. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** True when `text` has a character {@link escapeControl} would escape. */
export function hasControl(text: string): boolean {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text);
}

/**
 * `text` with every control character written as an escape (`\n`, `\r`, `\t`, `\x1b`,
 * `\u202e`), so a value from outside cannot move the cursor, colour a terminal or forge a
 * log line. Backslashes are left alone: the output is for people, not for parsing.
 */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Why `value` is not a printable string of `min`..`max` characters, or null when it is. */
export function textProblem(value: unknown, min: number, max: number): string | null {
  if (typeof value !== 'string') return `must be a string of ${min} to ${max} characters`;
  if (value.length < min || value.length > max) {
    return `must be ${min} to ${max} characters (got ${value.length})`;
  }
  if (hasControl(value)) return 'must not contain control characters (newline, NUL, ESC …)';
  return null;
}

/** The longest idTag: OCPP 1.5 IdToken is a CiString20 (STEVE.md §3, string limits). */
export const ID_TAG_MAX = 20;

/** Why `value` is not a valid idTag (1 to 20 printable characters), or null. */
export function idTagProblem(value: unknown): string | null {
  return textProblem(value, 1, ID_TAG_MAX);
}

/** SteVe keeps chargeBoxIds in a VARCHAR(255) column. */
export const CHARGE_BOX_ID_MAX = 255;

/**
 * Why `value` is not a chargeBoxId SteVe accepts, or null: non-empty, printable, no
 * surrounding whitespace, none of `= / ( ) < >` (STEVE.md §1.1, ChargeBoxIdValidator).
 */
export function chargeBoxIdProblem(value: unknown): string | null {
  const problem = textProblem(value, 1, CHARGE_BOX_ID_MAX);
  if (problem !== null) return problem;
  const id = value as string;
  if (id.trim() !== id) return 'must not start or end with whitespace';
  if (/[=/()<>]/.test(id)) return 'must not contain any of = / ( ) < >';
  return null;
}
