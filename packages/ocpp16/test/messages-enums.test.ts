/**
 * An enumeration 1.6 kept from 1.5 or only extended is the 1.5 list (STEVE.md §3), written
 * once: the 1.6 list holds the 1.5 literals in the 1.5 order, as one run, beside the new ones
 * (src/messages/enums.ts). Checked on every field the two action tables share by name, and on
 * the enum tables both packages export under one name.
 */
import * as ocpp15 from '@evse/ocpp15';
import type { Spec } from '@evse/ocppj';
import { describe, expect, it } from 'vitest';
import * as ocpp16 from '../src/index.js';

type EnumPair = {
  readonly at: string;
  readonly v15: readonly string[];
  readonly v16: readonly string[];
};

/** The enum fields at the same path in both specs. */
function enumPairs(a: Spec, b: Spec, at: string): EnumPair[] {
  if (a.kind === 'enum' && b.kind === 'enum') return [{ at, v15: a.values, v16: b.values }];
  if (a.kind === 'array' && b.kind === 'array') return enumPairs(a.items, b.items, `${at}[]`);
  if (a.kind !== 'object' || b.kind !== 'object') return [];
  return Object.entries(a.props).flatMap(([name, p]) => {
    const q = b.props[name];
    return q === undefined ? [] : enumPairs(p.spec, q.spec, `${at}.${name}`);
  });
}

const tablePairs = Object.keys(ocpp16.ACTIONS).flatMap((action) => {
  const a15 = ocpp15.ACTIONS[action as keyof typeof ocpp15.ACTIONS];
  const a16 = ocpp16.ACTIONS[action as keyof typeof ocpp16.ACTIONS];
  if (a15 === undefined) return [];
  return (['req', 'conf'] as const).flatMap((kind) =>
    enumPairs(a15[kind] as Spec, a16[kind] as Spec, `${action}.${kind}`),
  );
});

// The action name lists are not an enumeration of the protocol: 1.6 adds operations in
// alphabetical order.
const namedPairs = Object.entries(ocpp15).flatMap(([name, v15]): EnumPair[] => {
  if (name === 'ACTION_NAMES') return [];
  const v16 = (ocpp16 as Record<string, unknown>)[name];
  const isList = (v: unknown): v is readonly string[] =>
    Array.isArray(v) && v.every((x) => typeof x === 'string');
  return /^[A-Z_]+S$/.test(name) && isList(v15) && isList(v16) ? [{ at: name, v15, v16 }] : [];
});

/** Whether `outer` holds `inner` as one contiguous run. */
const holdsRun = (outer: readonly string[], inner: readonly string[]) =>
  outer.some((_, i) => inner.every((v, j) => outer[i + j] === v));

describe('1.6 enumerations that 1.5 had', () => {
  it('are found on both sides (so the check below looks at something)', () => {
    expect(tablePairs.length).toBeGreaterThan(15);
    expect(namedPairs.map((p) => p.at)).toEqual(
      expect.arrayContaining(['AUTHORIZATION_STATUSES', 'MEASURANDS', 'REGISTRATION_STATUSES']),
    );
  });

  it.each([...tablePairs, ...namedPairs].map((p) => [p.at, p] as const))(
    '%s: the 1.5 list itself, or extended where 1.6 only adds literals',
    (_, { v15, v16 }) => {
      if (!v15.every((v) => v16.includes(v))) return; // 1.6 dropped or renamed one: its own list
      // Kept as it was: the very 1.5 list, not a copy of it.
      if (v16.length === v15.length) expect(v16).toBe(v15);
      else expect(holdsRun(v16, v15), `${v16} around ${v15}`).toBe(true);
    },
  );
});
