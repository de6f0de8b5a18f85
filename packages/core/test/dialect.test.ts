import { describe, expect, it } from 'vitest';
import {
  compareProtocol,
  dialectOf,
  isSupportedProtocol,
  parseProtocolVersion,
} from '../src/rapi/dialect.js';

describe('RAPI dialects (docs/protocol/FIELD-FIRMWARE.md §2)', () => {
  it('parses protocol versions and refuses anything else', () => {
    expect(parseProtocolVersion('5.2.1')).toEqual([5, 2, 1]);
    expect(parseProtocolVersion(' 1.0.3 ')).toEqual([1, 0, 3]);
    expect(parseProtocolVersion('D7.1.6')).toBeNull();
    expect(parseProtocolVersion('5.2')).toBeNull();
  });

  it('orders versions numerically, not as text', () => {
    expect(compareProtocol([5, 10, 0], [5, 9, 9])).toBeGreaterThan(0);
    expect(compareProtocol([4, 0, 1], [5, 0, 0])).toBeLessThan(0);
    expect(compareProtocol([5, 2, 1], [5, 2, 1])).toBe(0);
  });

  it.each([
    ['1.0.3', 'dec2', 'ST', false, false, false, false],
    ['2.0.0', 'dec2', 'ST', true, false, false, false],
    ['2.0.4', 'dec2', 'ST', true, true, false, false],
    ['3.0.1', 'dec2', 'ST', true, true, true, false],
    ['4.0.1', 'dec2', 'ST', true, true, true, false],
    ['5.0.0', 'hex4', 'AT', true, true, true, false],
    ['5.1.3', 'hex4', 'AT', true, true, true, true],
    ['5.2.1', 'hex4', 'AT', true, true, true, true],
  ] as const)('%s: $GS %s, async %s', (text, status, asyncState, reply, async, seq, atSleep) => {
    const v = parseProtocolVersion(text);
    expect(v).not.toBeNull();
    if (v === null) return;
    expect(dialectOf(v)).toEqual({
      protocol: v,
      status,
      asyncState,
      replyChecksum: reply,
      asyncChecksum: async,
      sequenceIds: seq,
      atWhileSleeping: atSleep,
      replySpace: text === '1.0.3',
    });
  });

  it('supports RAPI 1.0.3 and later only', () => {
    expect(isSupportedProtocol([1, 0, 3])).toBe(true);
    expect(isSupportedProtocol([1, 0, 2])).toBe(false);
    expect(isSupportedProtocol([6, 0, 0])).toBe(true);
  });
});
