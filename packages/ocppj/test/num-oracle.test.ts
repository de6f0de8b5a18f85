/**
 * An independent oracle for `num()`: ajv with ocpp-rpc's multipleOf rule (its strict 1.6
 * mode replaces ajv's exact division with a 1e-6 tolerance on the quotient), on random
 * decimals near and off the 0.1 grid.
 */
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { num, obj, req, validatePayload } from '../src/index.js';

const ajv = new Ajv({ strict: false });
ajv.removeKeyword('multipleOf');
ajv.addKeyword({
  keyword: 'multipleOf',
  type: 'number',
  errors: false,
  compile: (m: number) => (data: number) => {
    const q = data / m;
    return Math.abs(Math.round(q) - q) < 1e-6;
  },
});
const oracle = ajv.compile({
  type: 'object',
  properties: { limit: { type: 'number', multipleOf: 0.1 } },
  required: ['limit'],
  additionalProperties: false,
});
const spec = obj({ limit: req(num(0.1)) });

describe('num(0.1) against ajv', () => {
  it('agrees on 5000 decimals', () => {
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const disagreements: number[] = [];
    let rejected = 0;
    for (let i = 0; i < 5000; i++) {
      const tenths = Math.round(next() * 1000) / 10;
      const limit = next() < 0.5 ? tenths : tenths + (next() - 0.5) / 50;
      const ours = validatePayload(spec, { limit }).ok;
      if (!ours) rejected++;
      if (ours !== oracle({ limit })) disagreements.push(limit);
    }
    expect(disagreements).toEqual([]);
    expect(rejected).toBeGreaterThan(1000);
  });
});
