/**
 * What SteVe's Jackson reading tolerates in incoming CALL payloads before validation
 * (STEVE.md §1.7): date-times without an offset are read in the JVM zone, an empty date string
 * is absent, and with Jackson's default coercions a numeric string or a fractional number is
 * accepted for an int field (the fraction is dropped). Third-party charge points rely on this
 * (e.g. Python's `datetime.utcnow().isoformat()` has no offset), so the central system
 * accepts the same by default. Only fields the action's spec knows are visited, so the walk
 * is as deep as the 1.5 message shapes and no deeper.
 */

import type { Spec } from '@evse/ocppj';
import { ACTIONS, type Action } from '../wire/messages.js';

// ocpp-jaxb Utils.FORMATTER: seconds mandatory, 1–9 fraction digits, offset optional.
const NO_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?$/;
const INTEGER_TEXT = /^[+-]?\d{1,10}$/;

const pad = (n: number): string => String(n).padStart(2, '0');

/** `Z` or `±hh:mm` for an offset in minutes. */
export function offsetSuffix(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'Z';
  const abs = Math.abs(offsetMinutes);
  return `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.trunc(abs / 60))}:${pad(abs % 60)}`;
}

function coerce(spec: Spec, value: unknown, zone: string): unknown {
  switch (spec.kind) {
    case 'dateTime':
      return typeof value === 'string' && NO_OFFSET.test(value) ? value + zone : value;
    case 'int':
      if (typeof value === 'string' && INTEGER_TEXT.test(value)) return Number(value);
      if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
      return value;
    case 'array':
      return Array.isArray(value) ? value.map((v) => coerce(spec.items, v, zone)) : value;
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const [key, prop] of Object.entries(spec.props)) {
        if (!Object.hasOwn(out, key)) continue;
        // An empty date string is no date at all (STEVE.md §1.7): then required rules apply.
        if (prop.spec.kind === 'dateTime' && out[key] === '') delete out[key];
        else out[key] = coerce(prop.spec, out[key], zone);
      }
      return out;
    }
    default:
      return value;
  }
}

/**
 * Returns the payload of an incoming `action` CALL as SteVe's Jackson would read it, for a
 * JVM at `offsetMinutes` from UTC; anything it cannot coerce is left for validation to judge.
 */
export function coerceLikeJackson(action: Action, payload: unknown, offsetMinutes = 0): unknown {
  return coerceAgainst(ACTIONS[action].req, payload, offsetMinutes);
}

/** The same for any version's `.req` spec (SteVe reads 1.6J with the same Jackson setup). */
export function coerceAgainst(spec: Spec, payload: unknown, offsetMinutes = 0): unknown {
  return coerce(spec, payload, offsetSuffix(offsetMinutes));
}
