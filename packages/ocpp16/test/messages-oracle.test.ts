/**
 * Our 1.6 action table against the independent oracles (the official 1.6 JSON schemas as
 * ocpp-rpc 2.2.1 ships them, checked by plain ajv and by ocpp-rpc's own strict-mode
 * validator): for every action × {req, conf}, seeded payloads built from OUR spec are accepted
 * by all three validators, and every mutation of them (a required
 * field dropped, a wrong JSON type, an enum typo, a string one over maxLength, an extra
 * property, a date without offset, a decimal off the 0.1 grid) is rejected by all three, ours
 * with the matching issue. One exception, pinned in messages-table.test.ts: ocpp-rpc's strict
 * mode accepts a date-time without offset. The counts are in the test names.
 */
import type { Spec } from '@evse/ocppj';
import { describe, expect, it } from 'vitest';
import {
  ACTION_NAMES,
  ACTIONS,
  type Action,
  validateConfirmation16,
  validateRequest16,
} from '../src/index.js';
import {
  generate,
  MUTATION_KINDS,
  MUTATIONS,
  type MutationKind,
  mutate,
} from './support/generate.js';
import { schemaErrors } from './support/oracle.js';
import { seeded } from './support/profiles.js';
import { rpcStrictErrors } from './support/rpc-strict.js';

/** Generated payloads per action and direction. */
const RUNS = 120;
const KINDS = ['req', 'conf'] as const;
type Kind = (typeof KINDS)[number];

const ours = (action: Action, kind: Kind, payload: unknown) =>
  kind === 'req' ? validateRequest16(action, payload) : validateConfirmation16(action, payload);

// A stable seed per row, so a failure replays.
const seedOf = (name: string): number =>
  [...name].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261);

interface Row {
  readonly action: Action;
  readonly kind: Kind;
  readonly valid: readonly unknown[];
  readonly mutants: readonly { readonly how: MutationKind; readonly payload: unknown }[];
  readonly counts: Readonly<Record<MutationKind, number>>;
}

// Built when the file is collected, so that the names can carry the counts.
const rows: Row[] = ACTION_NAMES.flatMap((action) =>
  KINDS.map((kind) => {
    const spec: Spec = ACTIONS[action][kind];
    const rand = seeded(seedOf(`${action}.${kind}`));
    const valid = Array.from({ length: RUNS }, () => generate(spec, rand, `${action}.${kind}`));
    const counts = Object.fromEntries(MUTATION_KINDS.map((k) => [k, 0])) as Record<
      MutationKind,
      number
    >;
    const mutants = valid.flatMap((payload) =>
      MUTATION_KINDS.flatMap((how) => {
        const broken = mutate(spec, payload, how, rand);
        if (broken === undefined) return [];
        counts[how]++;
        return [{ how, payload: broken }];
      }),
    );
    return { action, kind, valid, mutants, counts };
  }),
);

const summary = (counts: Readonly<Record<MutationKind, number>>): string =>
  MUTATION_KINDS.filter((k) => counts[k] > 0)
    .map((k) => `${k} ${counts[k]}`)
    .join(', ');

describe('1.6 action table vs the official schemas (ocpp-rpc 2.2.1)', () => {
  for (const { action, kind, valid, mutants, counts } of rows) {
    it(`${action}.${kind}: ${valid.length} generated payloads accepted by ours, ajv and ocpp-rpc`, () => {
      const problems: string[] = [];
      for (const payload of valid) {
        const result = ours(action, kind, payload);
        if (!result.ok) problems.push(`ours: ${result.issues[0]?.message}`);
        else expect(result.value).toEqual(payload);
        problems.push(...schemaErrors(action, kind, payload));
        problems.push(...rpcStrictErrors(action, kind, payload));
      }
      expect(problems).toEqual([]);
    });

    it(`${action}.${kind}: ${mutants.length} mutants rejected by ours, ajv and ocpp-rpc (${summary(counts)})`, () => {
      const problems: string[] = [];
      for (const { how, payload } of mutants) {
        const result = ours(action, kind, payload);
        const issue = MUTATIONS[how].issue;
        if (result.ok) problems.push(`ours accepted (${how}): ${JSON.stringify(payload)}`);
        else if (!result.issues.some((i) => i.kind === issue))
          problems.push(`ours said ${result.issues.map((i) => i.kind)} for ${how}`);
        if (schemaErrors(action, kind, payload).length === 0)
          problems.push(`ajv accepted (${how}): ${JSON.stringify(payload)}`);
        if (how !== 'date without offset' && rpcStrictErrors(action, kind, payload).length === 0)
          problems.push(`ocpp-rpc accepted (${how}): ${JSON.stringify(payload)}`);
      }
      expect(problems).toEqual([]);
      // The root object always admits a wrong type and an extra property.
      expect(counts['wrong type']).toBe(RUNS);
      expect(counts['extra property']).toBe(RUNS);
    });
  }

  it('every kind of mutation was exercised, across the table', () => {
    const totals = Object.fromEntries(
      MUTATION_KINDS.map((k) => [k, rows.reduce((n, r) => n + r.counts[k], 0)]),
    );
    for (const k of MUTATION_KINDS) expect(totals[k], k).toBeGreaterThan(RUNS);
  });
});
