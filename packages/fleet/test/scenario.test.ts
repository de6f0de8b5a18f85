import { describe, expect, it } from 'vitest';
import { createRng, stationRng } from '../src/rng.js';
import {
  DEFAULT_SCENARIO,
  parseScenario,
  ScenarioError,
  validateScenario,
} from '../src/scenario.js';
import { parseShard, shardIndices, stationId } from '../src/shard.js';

describe('scenario validation', () => {
  it('fills every key a file leaves out from the defaults', () => {
    expect(validateScenario({})).toEqual(DEFAULT_SCENARIO);
    const s = validateScenario({ sessionS: 90, ev: { maxCurrentA: [10, 16] }, $comment: 'x' });
    expect(s.sessionS).toEqual([90, 90]);
    expect(s.ev).toEqual({ ...DEFAULT_SCENARIO.ev, maxCurrentA: [10, 16] });
  });

  // Each bad value is refused with the JSON path of the value and what was expected.
  const bad: [string, unknown, string, RegExp][] = [
    ['not an object', [], '$', /expected an object/],
    ['unknown top-level key', { sesions: 1 }, '$.sesions', /unknown key/],
    ['unknown nested key', { ev: { battery: 40 } }, '$.ev.battery', /unknown key/],
    ['range min > max', { sessionS: [600, 60] }, '$.sessionS', /min 600 is greater than max 60/],
    ['range of wrong length', { gapS: [1, 2, 3] }, '$.gapS', /number or \[min, max\]/],
    ['string in a range', { ev: { batteryKwh: [40, '100'] } }, '$.ev.batteryKwh[1]', /got "100"/],
    [
      'current below the J1772 minimum',
      { ev: { maxCurrentA: 5 } },
      '$.ev.maxCurrentA',
      /from 6 to 80/,
    ],
    ['probability above 1', { fault: { probability: 1.5 } }, '$.fault.probability', /from 0 to 1/],
    [
      'unknown fault kind',
      { fault: { kinds: ['gfci', 'fire'] } },
      '$.fault.kinds[1]',
      /one of ventRequired/,
    ],
    ['empty tag list', { tags: [] }, '$.tags', /non-empty list/],
    ['tag longer than an IdToken', { tags: ['A'.repeat(21)] }, '$.tags[0]', /1 to 20 characters/],
    ['tag with a newline', { tags: ['OK', 'A\nB'] }, '$.tags[1]', /\(printable\)/],
    [
      'fractional session count',
      { sessionsPerStation: 1.5 },
      '$.sessionsPerStation',
      /whole number/,
    ],
    ['negative session count', { sessionsPerStation: -1 }, '$.sessionsPerStation', />= 0/],
  ];
  it.each(bad)('%s is refused at its JSON path', (_name, value, path, message) => {
    let caught: unknown;
    try {
      validateScenario(value);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScenarioError);
    expect((caught as ScenarioError).path).toBe(path);
    expect((caught as ScenarioError).message).toMatch(message);
    expect((caught as ScenarioError).message.startsWith(`${path}: `)).toBe(true);
  });

  it('reports JSON syntax errors at $', () => {
    expect(() => parseScenario('{"tags": [')).toThrow(/^\$: not valid JSON/);
  });
});

describe('shards', () => {
  it('parses I/N and refuses what is not a shard', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, total: 4 });
    expect(parseShard(' 0 / 1 ')).toEqual({ index: 0, total: 1 });
    expect(() => parseShard('4/4')).toThrow(/below N \(0\.\.3\), got 4/);
    expect(() => parseShard('0/0')).toThrow(/at least 1/);
    expect(() => parseShard('1-4')).toThrow(/expected I\/N/);
    expect(() => parseShard('-1/4')).toThrow(/expected I\/N/);
  });

  it('splits a fleet round robin: every index exactly once, sizes differ by at most one', () => {
    for (const [count, total] of [
      [10, 3],
      [10_000, 7],
      [5, 8],
    ] as const) {
      const parts = Array.from({ length: total }, (_, index) =>
        shardIndices(count, { index, total }),
      );
      const all = parts.flat().sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: count }, (_, i) => i));
      const sizes = parts.map((p) => p.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      for (const [index, part] of parts.entries()) {
        expect(part.every((i) => i % total === index)).toBe(true);
      }
    }
    expect(shardIndices(10, { index: 1, total: 3 })).toEqual([1, 4, 7]);
  });

  it('pads ids to the width of the largest index, independent of the shard', () => {
    expect(stationId('CP-', 7, 10_000)).toBe('CP-0007');
    expect(stationId('CP-', 9999, 10_000)).toBe('CP-9999');
    expect(stationId('X', 0, 1)).toBe('X0');
    expect(stationId('X', 10, 11)).toBe('X10');
  });
});

describe('seeded randomness', () => {
  it('replays the same numbers for the same seed and differs for another', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    for (const x of draw(7)) expect(x >= 0 && x < 1).toBe(true);
  });

  it('gives each station its own stream, the same in every shard layout', () => {
    const a = stationRng(1, 5).next();
    expect(stationRng(1, 5).next()).toBe(a);
    expect(stationRng(1, 6).next()).not.toBe(a);
    expect(stationRng(2, 5).next()).not.toBe(a);
  });

  it('draws within bounds and picks from the list', () => {
    const rng = createRng(3);
    for (let i = 0; i < 100; i++) {
      const x = rng.between(6, 32);
      expect(x >= 6 && x <= 32).toBe(true);
      expect(['a', 'b']).toContain(rng.pick(['a', 'b']));
    }
    expect(rng.chance(0)).toBe(false);
    expect(() => rng.pick([])).toThrow(RangeError);
  });
});
