import { from, lastValueFrom, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { splitLines } from '../src/index.js';

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

describe('splitLines (marbles)', () => {
  it('joins a line split over chunks, terminator in its own chunk', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const chunks = { a: '$GS', b: '^30', c: '\r' };
      const source = cold('a-b-c-|', chunks);
      const expected = '   ----x-|';
      expectObservable(source.pipe(splitLines())).toBe(expected, { x: '$GS^30' });
    });
  });

  it('splits several lines in one chunk, with CR, LF and CRLF terminators', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('a', { a: '$OK^20\r$AT 01 01 24 0200^35\n$NK^21\r\n' });
      const expected = '   (xyz)';
      expectObservable(source.pipe(splitLines())).toBe(expected, {
        x: '$OK^20',
        y: '$AT 01 01 24 0200^35',
        z: '$NK^21',
      });
    });
  });

  it('handles CRLF split across chunks without an empty line', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-c|', { a: '$OK^20\r', b: '\n$NK', c: '^21\r' });
      const expected = '   x---y|';
      expectObservable(source.pipe(splitLines())).toBe(expected, { x: '$OK^20', y: '$NK^21' });
    });
  });

  it('drops noise before a $ and between lines (debug prints, RAPI.md §1.11)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b|', {
        a: '\r\nrelayCloseMs: 100\r\nrelayHo',
        b: 'ldPwm: 255\r\n\nZ0 1 2\r\n$OK^20\r',
      });
      const expected = '   --x|';
      expectObservable(source.pipe(splitLines())).toBe(expected, { x: '$OK^20' });
    });
  });

  it('restarts the line at every $, dropping the unfinished one (RAPI.md §1.6)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b|', { a: '$OK 01 0 0', b: 'xx$AT 01 01 24 0200^35\r' });
      const expected = '   --x|';
      expectObservable(source.pipe(splitLines())).toBe(expected, { x: '$AT 01 01 24 0200^35' });
    });
  });

  it('drops an unterminated tail on completion and forwards errors', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a|', { a: '$OK^20\r$GS' }).pipe(splitLines())).toBe('x|', {
        x: '$OK^20',
      });
      const err = new Error('port gone');
      expectObservable(cold('a#', { a: '$OK^20\r' }, err).pipe(splitLines())).toBe(
        'x#',
        { x: '$OK^20' },
        err,
      );
    });
  });

  it('caps a runaway line: emits maxLength+1 chars once, then skips to the next $', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-c|', { a: '$AAAAAA', b: 'AAAAAAAA', c: 'AA\r$OK^20\r' });
      const expected = '   --x-y|';
      expectObservable(source.pipe(splitLines({ maxLength: 8 }))).toBe(expected, {
        x: '$AAAAAAAA', // 9 = maxLength + 1 characters, so parseLine says TOO_LONG
        y: '$OK^20',
      });
    });
  });

  it('keeps separate state per subscription', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const lines$ = cold('a-b|', { a: '$G', b: 'S\r' }).pipe(splitLines());
      expectObservable(lines$).toBe('--x|', { x: '$GS' });
      expectObservable(lines$).toBe('--x|', { x: '$GS' });
    });
  });
});

describe('splitLines (bounds)', () => {
  it('copies at most maxLength+1 characters of a huge chunk', async () => {
    const huge = `$${'A'.repeat(1_000_000)}`;
    const lines = await lastValueFrom(from([huge, '\r$OK^20\r']).pipe(splitLines(), toArray()));
    expect(lines).toEqual([huge.slice(0, 129), '$OK^20']);
  });

  it('rejects a bad maxLength with a TypeError', () => {
    expect(() => splitLines({ maxLength: 0 })).toThrow(TypeError);
  });
});
