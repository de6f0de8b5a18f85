/**
 * Seeded payloads built from OUR 1.6 specs (src/messages/), for the oracle tests: `generate`
 * makes a value valid by construction (every required field, a random choice of optional
 * ones, enum picks, strings up to maxLength with characters outside the BMP, date-times with
 * offsets, decimals on the 0.1 grid), `mutate` breaks one site of it in one named way that the
 * 1.6 schemas forbid. Test-only; nothing here ships.
 */
import type { EnumSpec, IssueKind, Spec, StringSpec } from '@evse/ocppj';

export type Rand = () => number;

/** Fields the official schemas give `"format": "uri"` (our table checks them as strings). */
export const URI_FIELDS: ReadonlySet<string> = new Set([
  'GetDiagnostics.req.location',
  'UpdateFirmware.req.location',
]);

const int = (rand: Rand, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(rand: Rand, items: readonly T[]): T => items[int(rand, 0, items.length - 1)] as T;
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

// Code points of 1 to 2 UTF-16 units: maxLength counts code points, not units.
const ALPHABET = ['a', 'Z', '7', '-', ' ', 'é', 'ß', '€', '中', '😀', '𝄞', '"', '\\', '\n'];

function text(rand: Rand, maxLength: number | undefined): string {
  const max = maxLength ?? 60;
  // A third of the strings sit exactly on the limit, where an off-by-one would show.
  const length = rand() < 0.33 ? max : int(rand, 0, max);
  let out = '';
  for (let i = 0; i < length; i++) out += pick(rand, ALPHABET);
  return out;
}

function dateTime(rand: Rand): string {
  const y = int(rand, 1970, 2099);
  const mo = int(rand, 1, 12);
  const d = int(rand, 1, 28);
  const clock = `${pad(int(rand, 0, 23))}:${pad(int(rand, 0, 59))}:${pad(int(rand, 0, 59))}`;
  const digits = int(rand, 0, 9);
  const fraction =
    digits === 0 ? '' : `.${String(int(rand, 0, 10 ** digits - 1)).padStart(digits, '0')}`;
  const offset =
    rand() < 0.5
      ? 'Z'
      : `${rand() < 0.5 ? '+' : '-'}${pad(int(rand, 0, 14))}:${pick(rand, ['00', '30', '45'])}`;
  return `${y}-${pad(mo)}-${pad(d)}T${clock}${fraction}${offset}`;
}

function uri(rand: Rand): string {
  const scheme = pick(rand, ['ftp', 'ftps', 'http', 'https', 'sftp']);
  const port = rand() < 0.5 ? '' : `:${int(rand, 1, 65535)}`;
  return `${scheme}://host${int(rand, 0, 99)}.example.org${port}/upload/${int(rand, 0, 1e6)}.bin`;
}

/**
 * A decimal on the 0.1 grid that plain ajv's check (`value / 0.1` an exact integer in binary
 * floating point) also accepts: 4.8 is on the grid, but 4.8 / 0.1 is 47.99999999999999, which
 * only ours and ocpp-rpc's tolerant check take (pinned in messages-table.test.ts).
 */
function tenth(rand: Rand): number {
  for (;;) {
    const v = int(rand, -10_000, 100_000) / 10;
    if (Number.isInteger(v / 0.1)) return v;
  }
}

const INT_EDGES = [0, 1, -1, 2147483647, -2147483648];

/** A random value valid for `spec`; `path` names it (`Action.req.field`) for the URI fields. */
export function generate(spec: Spec, rand: Rand, path: string): unknown {
  switch (spec.kind) {
    case 'string':
      return URI_FIELDS.has(path) ? uri(rand) : text(rand, spec.maxLength);
    case 'dateTime':
      return dateTime(rand);
    case 'int':
      return rand() < 0.2 ? pick(rand, INT_EDGES) : int(rand, -1000, 100_000);
    case 'number':
      return spec.multipleOf === 0.1 ? tenth(rand) : (rand() - 0.5) * 1e6;
    case 'boolean':
      return rand() < 0.5;
    case 'enum':
      return pick(rand, spec.values);
    case 'array': {
      const n = int(rand, spec.minItems, spec.minItems + 3);
      return Array.from({ length: n }, () => generate(spec.items, rand, path));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [name, prop] of Object.entries(spec.props)) {
        if (prop.required || rand() < 0.5) out[name] = generate(prop.spec, rand, `${path}.${name}`);
      }
      return out;
    }
  }
}

/** One way of breaking a payload that the 1.6 schemas forbid. */
export type MutationKind =
  | 'drop required'
  | 'wrong type'
  | 'enum typo'
  | 'over maxLength'
  | 'extra property'
  | 'date without offset'
  | 'off the 0.1 grid';

/** A place in a payload: its spec, its value, and how to replace or remove it. */
interface Site {
  readonly spec: Spec;
  readonly value: unknown;
  readonly set: (value: unknown) => void;
  /** Present for a property its parent object lists as required. */
  readonly drop?: (() => void) | undefined;
}

// Every value in `value` (valid for `spec`), depth first.
function sites(spec: Spec, value: unknown, set: Site['set'], out: Site[], drop?: () => void): void {
  out.push({ spec, value, set, drop });
  if (spec.kind === 'array') {
    const items = value as unknown[];
    items.forEach((item, i) => {
      sites(spec.items, item, (v) => (items[i] = v), out);
    });
  } else if (spec.kind === 'object') {
    const record = value as Record<string, unknown>;
    for (const [name, prop] of Object.entries(spec.props)) {
      if (!Object.hasOwn(record, name)) continue;
      const drop = prop.required ? () => delete record[name] : undefined;
      sites(prop.spec, record[name], (v) => (record[name] = v), out, drop);
    }
  }
}

// Values of another JSON type than each kind of spec takes.
const WRONG: Record<Spec['kind'], readonly unknown[]> = {
  string: [7, null, true, ['x'], {}],
  dateTime: [1_700_000_000, null, {}],
  enum: [1, null, ['Accepted']],
  int: ['7', 1.5, null, true, [], {}],
  number: ['1.5', null, false, {}],
  boolean: ['true', 0, null],
  array: [{}, 'x', 3, null],
  object: [[], 'x', 3, null],
};

interface Mutation {
  /** The issue our validator must report. */
  readonly issue: IssueKind;
  readonly applies: (site: Site) => boolean;
  readonly apply: (site: Site, rand: Rand) => void;
}

/** Every mutation: where it applies, what it does, the issue it must raise. */
export const MUTATIONS: Record<MutationKind, Mutation> = {
  'drop required': {
    issue: 'required',
    applies: (s) => s.drop !== undefined,
    apply: (s) => s.drop?.(),
  },
  'wrong type': {
    issue: 'type',
    applies: () => true,
    apply: (s, rand) => s.set(pick(rand, WRONG[s.spec.kind])),
  },
  'enum typo': {
    issue: 'enum',
    applies: (s) => s.spec.kind === 'enum',
    apply: (s, rand) => {
      const values = (s.spec as EnumSpec).values;
      const v = pick(rand, values);
      const typo = pick(rand, [v.toLowerCase(), v.toUpperCase(), `${v} `, `${v}x`, v.slice(1)]);
      s.set(values.includes(typo) ? `${typo}?` : typo);
    },
  },
  'over maxLength': {
    issue: 'maxLength',
    applies: (s) => s.spec.kind === 'string' && s.spec.maxLength !== undefined,
    apply: (s, rand) =>
      s.set(pick(rand, ['x', '😀', 'é']).repeat(((s.spec as StringSpec).maxLength ?? 0) + 1)),
  },
  'extra property': {
    issue: 'additional',
    applies: (s) => s.spec.kind === 'object',
    apply: (s, rand) => {
      (s.value as Record<string, unknown>)[pick(rand, ['extra', 'vendorExtension', 'Status'])] = 1;
    },
  },
  'date without offset': {
    issue: 'format',
    applies: (s) => s.spec.kind === 'dateTime',
    apply: (s, rand) =>
      s.set(`20${pad(int(rand, 10, 99))}-0${int(rand, 1, 9)}-1${int(rand, 0, 9)}T12:34:56`),
  },
  'off the 0.1 grid': {
    issue: 'multipleOf',
    applies: (s) => s.spec.kind === 'number' && s.spec.multipleOf !== undefined,
    apply: (s, rand) => s.set(int(rand, 0, 1000) / 10 + pick(rand, [0.05, 0.01, 0.03])),
  },
};

/** All mutation kinds. */
export const MUTATION_KINDS = Object.keys(MUTATIONS) as MutationKind[];

/**
 * A deep copy of `payload` (valid for `spec`) broken by `kind` at a random site where it
 * applies; undefined when it applies nowhere (e.g. no enum in this payload).
 */
export function mutate(spec: Spec, payload: unknown, kind: MutationKind, rand: Rand): unknown {
  const root = { value: structuredClone(payload) };
  const all: Site[] = [];
  sites(spec, root.value, (v) => (root.value = v), all);
  const usable = all.filter(MUTATIONS[kind].applies);
  if (usable.length === 0) return undefined;
  MUTATIONS[kind].apply(pick(rand, usable), rand);
  return root.value;
}
