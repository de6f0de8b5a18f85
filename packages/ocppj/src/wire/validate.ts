/**
 * The product's own strict validator for OCPP-J payloads, any version. It interprets a
 * version's specs (`schema.ts`) and, in the default `strict` mode, judges exactly like the
 * JSON Schemas (STEVE.md §2: required fields, JSON types, exact enum literals, maxLength,
 * int32 range, date-time with mandatory offset, decimal multipleOf, no additional
 * properties). The `steve` mode reproduces what SteVe ≥3.11 accepts (STEVE.md §1.7):
 * unknown properties are ignored (but listed), `null` for an optional field means absent.
 */
import type { ObjectSpec, PropSpec, Spec } from './schema.js';

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
  | 'multipleOf'
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
// A decimal is a multiple when the quotient is an integer up to float noise (0.3 / 0.1 is
// 2.9999999999999996): the same tolerance as ocpp-rpc's strict 1.6 validator.
const MULTIPLE_EPSILON = 1e-6;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * True for an OCPP 1.5 dateTime: RFC 3339 with seconds, 1–9 fraction digits, and a
 * mandatory `Z`/±hh:mm offset (the schemas' pattern + `format: date-time`, STEVE.md §2).
 */
export function isDateTime(text: string): boolean {
  const m = DATE_TIME.exec(text);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const s = Number(m[6]);
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

// The path of a field is only spelled out when it is needed (an issue, or a nested value):
// valid payloads, the common case, then build no path strings at all.
const pathOf = (parent: string, key: string | number | null): string =>
  key === null
    ? parent
    : typeof key === 'number'
      ? `${parent}[${key}]`
      : parent === ''
        ? key
        : `${parent}.${key}`;

// Object.entries of a spec's props, computed once per spec rather than on every payload.
const propEntries = new WeakMap<ObjectSpec, readonly (readonly [string, PropSpec])[]>();
const entriesOf = (spec: ObjectSpec): readonly (readonly [string, PropSpec])[] => {
  let entries = propEntries.get(spec);
  if (!entries) {
    entries = Object.entries(spec.props);
    propEntries.set(spec, entries);
  }
  return entries;
};

function fail(
  ctx: Ctx,
  parent: string,
  key: string | number | null,
  kind: IssueKind,
  message: string,
): undefined {
  const path = pathOf(parent, key);
  ctx.issues.push({ path, kind, message: `${label(path)} ${message}` });
  return undefined;
}

/** Checks `raw` (the field `key` of the value at `parent`) against `spec`; returns the cleaned value. */
function check(
  spec: Spec,
  raw: unknown,
  parent: string,
  key: string | number | null,
  ctx: Ctx,
): unknown {
  const value = typeof raw === 'string' && ctx.mapString ? ctx.mapString(raw) : raw;
  switch (spec.kind) {
    case 'string':
      if (typeof value !== 'string')
        return fail(ctx, parent, key, 'type', `must be a string, got ${kindOf(value)}`);
      // Code points, as JSON Schema counts; never more than UTF-16 units, so only a string
      // longer in units than the limit needs counting.
      if (spec.maxLength !== undefined && value.length > spec.maxLength) {
        const length = [...value].length;
        if (length > spec.maxLength)
          return fail(
            ctx,
            parent,
            key,
            'maxLength',
            `must be at most ${spec.maxLength} characters, got ${length}`,
          );
      }
      return value;
    case 'dateTime':
      if (typeof value !== 'string')
        return fail(ctx, parent, key, 'type', `must be a string, got ${kindOf(value)}`);
      if (!isDateTime(value))
        return fail(
          ctx,
          parent,
          key,
          'format',
          `must be a date-time with offset (e.g. 2026-01-01T00:00:00.000Z), got ${quote(value)}`,
        );
      return value;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value))
        return fail(
          ctx,
          parent,
          key,
          'type',
          `must be an integer, got ${kindOf(value) === 'number' ? String(value) : kindOf(value)}`,
        );
      if (value < INT32_MIN || value > INT32_MAX)
        return fail(ctx, parent, key, 'range', `must be an int32, got ${value}`);
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value))
        return fail(ctx, parent, key, 'type', `must be a number, got ${kindOf(value)}`);
      if (spec.multipleOf !== undefined) {
        const q = value / spec.multipleOf;
        if (Math.abs(Math.round(q) - q) >= MULTIPLE_EPSILON)
          return fail(
            ctx,
            parent,
            key,
            'multipleOf',
            `must be a multiple of ${spec.multipleOf}, got ${value}`,
          );
      }
      return value;
    case 'boolean':
      if (typeof value !== 'boolean')
        return fail(ctx, parent, key, 'type', `must be a boolean, got ${kindOf(value)}`);
      return value;
    case 'enum':
      if (typeof value !== 'string')
        return fail(ctx, parent, key, 'type', `must be a string, got ${kindOf(value)}`);
      if (!spec.values.includes(value))
        return fail(
          ctx,
          parent,
          key,
          'enum',
          `must be one of ${spec.values.join(', ')}; got ${quote(value)}`,
        );
      return value;
    case 'array': {
      if (!Array.isArray(value))
        return fail(ctx, parent, key, 'type', `must be an array, got ${kindOf(value)}`);
      if (value.length < spec.minItems)
        return fail(ctx, parent, key, 'minItems', `must have at least ${spec.minItems} item(s)`);
      const path = pathOf(parent, key);
      const out: unknown[] = new Array(value.length);
      for (let i = 0; i < value.length; i++) out[i] = check(spec.items, value[i], path, i, ctx);
      return out;
    }
    case 'object': {
      if (kindOf(value) !== 'object')
        return fail(ctx, parent, key, 'type', `must be an object, got ${kindOf(value)}`);
      const record = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      const path = pathOf(parent, key);
      let seen = 0;
      for (const [name, prop] of entriesOf(spec)) {
        const present = Object.hasOwn(record, name);
        if (present) seen++;
        const v = record[name];
        if (!present || (v === null && ctx.steve)) {
          if (!prop.required) continue;
          // SteVe: null for an int/boolean primitive is a Jackson failure, other missing
          // required fields fail bean validation (STEVE.md §1.7).
          const primitive =
            prop.spec.kind === 'int' || prop.spec.kind === 'number' || prop.spec.kind === 'boolean';
          const kind = present && primitive ? 'type' : 'required';
          const where = pathOf(path, name);
          ctx.issues.push({
            path: where,
            kind,
            message: `${label(where)} is required${present ? ' (got null)' : ''}`,
          });
          continue;
        }
        out[name] = check(prop.spec, v, path, name, ctx);
      }
      // Every own key was a known property: nothing more to look at.
      const keys = Object.keys(record);
      if (keys.length === seen) return out;
      for (const name of keys) {
        if (Object.hasOwn(spec.props, name)) continue;
        const where = pathOf(path, name);
        if (ctx.steve) ctx.unknown.push(where);
        else
          ctx.issues.push({
            path: where,
            kind: 'additional',
            message: `${label(where)} is not an allowed property`,
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
  const cleaned = check(spec, value, '', null, ctx);
  return ctx.issues.length > 0
    ? { ok: false, issues: ctx.issues }
    : { ok: true, value: cleaned as T, unknownProperties: ctx.unknown };
}

/** One line summarising issues, for error descriptions. */
export const describeIssues = (issues: readonly ValidationIssue[]): string =>
  issues.map((i) => i.message).join('; ');
