import { describe, expect, it } from 'vitest';
import { chargeBoxIdProblem, escapeControl, hasControl, idTagProblem } from '../src/index.js';

describe('escapeControl', () => {
  it.each([
    ['A\nB FAKE LINE', 'A\\nB FAKE LINE'],
    ['\u001b[31mRED\u001b[0m', '\\x1b[31mRED\\x1b[0m'],
    ['NUL\u0000', 'NUL\\x00'],
    ['tab\tcr\r', 'tab\\tcr\\r'],
    ['\u009b31m', '\\x9b31m'],
    ['abc\u202eevil', 'abc\\u202eevil'],
    ['plain ÄÖ 04A2B3C4', 'plain ÄÖ 04A2B3C4'],
  ])('%j → %j', (input, expected) => {
    expect(escapeControl(input)).toBe(expected);
    expect(hasControl(escapeControl(input))).toBe(false);
  });

  it('hasControl answers the same on repeated calls (no regex state)', () => {
    expect([hasControl('a\n'), hasControl('a\n'), hasControl('a')]).toEqual([true, true, false]);
  });
});

describe('idTagProblem and chargeBoxIdProblem', () => {
  it.each([
    ['TAG1', null],
    ['A'.repeat(20), null],
    ['', 'must be 1 to 20 characters (got 0)'],
    ['A'.repeat(21), 'must be 1 to 20 characters (got 21)'],
    ['A\nB', 'must not contain control characters (newline, NUL, ESC …)'],
    ['A\u0000', 'must not contain control characters (newline, NUL, ESC …)'],
    [42, 'must be a string of 1 to 20 characters'],
  ])('idTag %j → %j', (value, expected) => {
    expect(idTagProblem(value)).toBe(expected);
  });

  it.each([
    ['CP-1', null],
    ['', 'must be 1 to 255 characters (got 0)'],
    [' CP', 'must not start or end with whitespace'],
    ['a/b', 'must not contain any of = / ( ) < >'],
    ['CP\u001b', 'must not contain control characters (newline, NUL, ESC …)'],
  ])('chargeBoxId %j → %j', (value, expected) => {
    expect(chargeBoxIdProblem(value)).toBe(expected);
  });
});
