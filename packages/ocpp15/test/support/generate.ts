/** Random valid payloads generated from the product's own specs (checked against ajv by the tests). */
import type { Spec } from '@evse/ocppj';
import type { Rng } from './rng.js';

const CHARS = ['a', 'Z', '0', '-', '_', '.', ':', ' ', 'é', '😀', '&', '"'];

/** A random date-time accepted by the 1.5 pattern (offset mandatory, 0–9 fraction digits). */
export function randomDateTime(rng: Rng): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const year = rng.int(1970, 2099);
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  const frac = rng.chance(0.5) ? `.${p(rng.int(0, 999999999), 9).slice(0, rng.int(1, 9))}` : '';
  const offset = rng.chance(0.5)
    ? 'Z'
    : `${rng.pick(['+', '-'])}${p(rng.int(0, 14))}:${rng.pick(['00', '30', '45'])}`;
  return `${p(year, 4)}-${p(month)}-${p(day)}T${p(rng.int(0, 23))}:${p(rng.int(0, 59))}:${p(rng.int(0, 59))}${frac}${offset}`;
}

/** A random value that satisfies `spec`. */
export function randomValue(spec: Spec, rng: Rng): unknown {
  switch (spec.kind) {
    case 'string': {
      const max = spec.maxLength ?? 30;
      const length = rng.chance(0.3) ? max : rng.int(0, max);
      return Array.from({ length }, () => rng.pick(CHARS)).join('');
    }
    case 'int':
      return rng.pick([-2147483648, 2147483647, 0, 1, rng.int(-1000, 100000)]);
    case 'number': {
      const step = spec.multipleOf ?? 0.25;
      return rng.int(-1000, 100000) * step;
    }
    case 'boolean':
      return rng.chance(0.5);
    case 'dateTime':
      return randomDateTime(rng);
    case 'enum':
      return rng.pick(spec.values);
    case 'array':
      return Array.from({ length: rng.int(spec.minItems, 3) }, () => randomValue(spec.items, rng));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(spec.props))
        if (prop.required || rng.chance(0.5)) out[key] = randomValue(prop.spec, rng);
      return out;
    }
  }
}

const POOL: unknown[] = [
  null,
  0,
  -1,
  1.5,
  2147483648,
  -2147483649,
  '',
  'x'.repeat(21),
  'x'.repeat(26),
  'x'.repeat(51),
  '2026-01-01T00:00:00',
  '2026-01-01 00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-02-29T00:00:00Z',
  '2024-02-29T00:00:00Z',
  '2026-04-31T00:00:00Z',
  '2026-01-01T24:00:00Z',
  '2026-01-01T23:59:60Z',
  '2026-01-01T00:00:00.1234567890Z',
  '2026-01-01T00:00:00+24:00',
  '2026-01-01t00:00:00z',
  'Accepted',
  'accepted',
  'Occupied',
  'NoError',
  true,
  [],
  {},
  [{}],
  ['a'],
];

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** One random, schema-agnostic mutation of a JSON value (replace, delete or add somewhere). */
export function mutate(value: unknown, rng: Rng): unknown {
  const root = clone({ v: value });
  // collect containers with their keys
  const slots: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (parent: Record<string, unknown> | unknown[], key: string | number): void => {
    slots.push({ parent, key });
    const v = (parent as Record<string | number, unknown>)[key];
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) walk(v, i);
    } else if (v !== null && typeof v === 'object')
      for (const k of Object.keys(v)) walk(v as Record<string, unknown>, k);
  };
  walk(root, 'v');
  const slot = rng.pick(slots);
  const target = slot.parent as Record<string | number, unknown>;
  const op = rng.int(0, 3);
  const current = target[slot.key];
  if (op === 0 && !Array.isArray(slot.parent) && slot.key !== 'v') delete target[slot.key];
  else if (op === 1 && current !== null && typeof current === 'object' && !Array.isArray(current))
    (current as Record<string, unknown>)[rng.pick(['extra', 'idTag', 'status', 'value'])] =
      rng.pick(POOL);
  else if (op === 2 && Array.isArray(current)) current.length = 0;
  else target[slot.key] = clone(rng.pick(POOL));
  return root.v;
}
