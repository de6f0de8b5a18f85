/**
 * The product's own strict validator for OCPP 1.5 payloads. It interprets the specs of
 * `messages.ts` and, in the default `strict` mode, judges exactly like the shared JSON
 * Schemas (STEVE.md §2: required fields, JSON types, exact enum literals, XSD maxLength,
 * int32 range, date-time with mandatory offset, no additional properties). The `steve`
 * mode reproduces what SteVe ≥3.11 accepts (STEVE.md §1.7): unknown properties are ignored
 * (but listed), `null` for an optional field means absent.
 */
import { ACTIONS, type Action, type Confirmation, type Request } from './messages.js';
import type { Spec } from './schema.js';

/**
 * What is wrong with a field. `type`/`enum`/`format`/`range` are "cannot understand one
 * field" problems for SteVe (Jackson fails), `required`/`maxLength`/`minItems` are bean
 * validation problems ("Violation of field constraints"), STEVE.md §1.5.
 */
export type IssueKind =
  | 'type'
  | 'enum'
  | 'format'
  | 'range'
  | 'required'
  | 'maxLength'
  | 'minItems'
  | 'additional';

/** One validation finding, with the path of the field (`idTagInfo.status`, `values[0].value`). */
export interface ValidationIssue {
  readonly path: string;
  readonly kind: IssueKind;
  readonly message: string;
}

/** Validator options. */
export interface ValidateOptions {
  /**
   * `strict`: schema-exact. `steve`: unknown properties ignored and `null` optional fields
   * treated as absent, like SteVe (STEVE.md §1.7).
   * @default 'strict'
   */
  readonly mode?: 'strict' | 'steve';
  /**
   * Rewrites every string the spec knows before it is checked (the central system passes
   * SteVe's HTML escaping, whose length check runs on the escaped text, STEVE.md §1.7).
   * Unknown properties are never visited. @default identity
   */
  readonly mapString?: (text: string) => string;
}

/** The outcome of validating a payload: the cleaned value, or the issues found. */
export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T; readonly unknownProperties: readonly string[] }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|([+-])(\d{2}):(\d{2}))$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * True for an OCPP 1.5 dateTime: RFC 3339 with seconds, 1–9 fraction digits, and a
 * mandatory `Z`/±hh:mm offset (the schemas' pattern + `format: date-time`, STEVE.md §2).
 */
export function isDateTime(text: string): boolean {
  const m = DATE_TIME.exec(text);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (mo < 1 || mo > 12 || d < 1 || d > (mo === 2 && leap ? 29 : (DAYS[mo] ?? 0))) return false;
  const sign = m[9] === '-' ? -1 : 1;
  const tzH = Number(m[10] ?? 0);
  const tzM = Number(m[11] ?? 0);
  if (tzH > 23 || tzM > 59) return false;
  if (h <= 23 && mi <= 59 && s < 60) return true;
  // RFC 3339 leap second: only 23:59:60 UTC (same rule as ajv-formats).
  const utcMin = mi - tzM * sign;
  const utcHr = h - tzH * sign - (utcMin < 0 ? 1 : 0);
  return (utcHr === 23 || utcHr === -1) && (utcMin === 59 || utcMin === -1) && s < 61;
}

const kindOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
const label = (path: string): string => (path === '' ? 'payload' : `"${path}"`);

interface Ctx {
  readonly steve: boolean;
  readonly mapString: ((text: string) => string) | undefined;
  readonly issues: ValidationIssue[];
  readonly unknown: string[];
}

// Quotes a received value for a message, cut short so a huge payload cannot bloat it.
const quote = (text: string): string =>
  JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

function check(spec: Spec, raw: unknown, path: string, ctx: Ctx): unknown {
  const value = typeof raw === 'string' && ctx.mapString ? ctx.mapString(raw) : raw;
  const fail = (kind: IssueKind, message: string): undefined => {
    ctx.issues.push({ path, kind, message: `${label(path)} ${message}` });
    return undefined;
  };
  switch (spec.kind) {
    case 'string':
      if (typeof value !== 'string') return fail('type', `must be a string, got ${kindOf(value)}`);
      if (spec.maxLength !== undefined) {
        const length = [...value].length; // code points, as JSON Schema counts
        if (length > spec.maxLength)
          return fail('maxLength', `must be at most ${spec.maxLength} characters, got ${length}`);
      }
      return value;
    case 'dateTime':
      if (typeof value !== 'string') return fail('type', `must be a string, got ${kindOf(value)}`);
      if (!isDateTime(value))
        return fail(
          'format',
          `must be a date-time with offset (e.g. 2026-01-01T00:00:00.000Z), got ${quote(value)}`,
        );
      return value;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value))
        return fail(
          'type',
          `must be an integer, got ${kindOf(value) === 'number' ? String(value) : kindOf(value)}`,
        );
      if (value < INT32_MIN || value > INT32_MAX)
        return fail('range', `must be an int32, got ${value}`);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean')
        return fail('type', `must be a boolean, got ${kindOf(value)}`);
      return value;
    case 'enum':
      if (typeof value !== 'string') return fail('type', `must be a string, got ${kindOf(value)}`);
      if (!spec.values.includes(value))
        return fail('enum', `must be one of ${spec.values.join(', ')}; got ${quote(value)}`);
      return value;
    case 'array': {
      if (!Array.isArray(value)) return fail('type', `must be an array, got ${kindOf(value)}`);
      if (value.length < spec.minItems)
        return fail('minItems', `must have at least ${spec.minItems} item(s)`);
      return value.map((item, i) => check(spec.items, item, `${path}[${i}]`, ctx));
    }
    case 'object': {
      if (kindOf(value) !== 'object')
        return fail('type', `must be an object, got ${kindOf(value)}`);
      const record = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      const prefix = path === '' ? '' : `${path}.`;
      for (const [key, prop] of Object.entries(spec.props)) {
        const present = Object.hasOwn(record, key);
        const v = record[key];
        if (!present || (v === null && ctx.steve)) {
          if (!prop.required) continue;
          // SteVe: null for an int/boolean primitive is a Jackson failure, other missing
          // required fields fail bean validation (STEVE.md §1.7).
          const primitive = prop.spec.kind === 'int' || prop.spec.kind === 'boolean';
          const kind = present && primitive ? 'type' : 'required';
          ctx.issues.push({
            path: prefix + key,
            kind,
            message: `${label(prefix + key)} is required${present ? ' (got null)' : ''}`,
          });
          continue;
        }
        out[key] = check(prop.spec, v, prefix + key, ctx);
      }
      for (const key of Object.keys(record)) {
        if (Object.hasOwn(spec.props, key)) continue;
        if (ctx.steve) ctx.unknown.push(prefix + key);
        else
          ctx.issues.push({
            path: prefix + key,
            kind: 'additional',
            message: `${label(prefix + key)} is not an allowed property`,
          });
      }
      return out;
    }
  }
}

/** Validates `value` against a spec; returns the cleaned value or every issue found. */
export function validatePayload<T>(
  spec: Spec,
  value: unknown,
  options: ValidateOptions = {},
): ValidationResult<T> {
  const ctx: Ctx = {
    steve: options.mode === 'steve',
    mapString: options.mapString,
    issues: [],
    unknown: [],
  };
  const cleaned = check(spec, value, '', ctx);
  return ctx.issues.length > 0
    ? { ok: false, issues: ctx.issues }
    : { ok: true, value: cleaned as T, unknownProperties: ctx.unknown };
}

/** Validates an `<action>.req` payload. */
export function validateRequest<A extends Action>(
  action: A,
  payload: unknown,
  options?: ValidateOptions,
): ValidationResult<Request<A>> {
  return validatePayload(ACTIONS[action].req, payload, options);
}

/** Validates an `<action>.conf` payload. */
export function validateConfirmation<A extends Action>(
  action: A,
  payload: unknown,
  options?: ValidateOptions,
): ValidationResult<Confirmation<A>> {
  return validatePayload(ACTIONS[action].conf, payload, options);
}

/** One line summarising issues, for error descriptions. */
export const describeIssues = (issues: readonly ValidationIssue[]): string =>
  issues.map((i) => i.message).join('; ');
