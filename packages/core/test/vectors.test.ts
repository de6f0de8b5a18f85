import { describe, expect, it } from 'vitest';
import { encodeFrame, parseLine, xorChecksum } from '../src/index.js';
import { loadRapiVectors } from './fixtures/rapi/index.js';

interface Vector {
  name: string;
  request: string;
  response: string;
  note: string;
}

const vectors: Vector[] = loadRapiVectors();

/** Split a wire string into its lines, each with its CR; LF-only pieces (echo mode) are skipped. */
function wireLines(wire: string): string[] {
  return wire
    .split(/(?<=\r)/)
    .map((piece) => piece.replace(/^\n+/, ''))
    .filter((piece) => piece.length > 0);
}

// Requests the firmware refuses before reading them; each must fail with exactly this code.
const BAD_REQUESTS: Record<string, string> = {
  '$GS^31\r': 'CHECKSUM',
  '$GS*BF\r': 'CHECKSUM',
  '$GS :0A^00\r': 'CHECKSUM',
  '$FP 0 0 ABCDEFGHIJKLMNOPQRSTUVWXYZ^09\r': 'TOO_LONG',
};

describe('RAPI vectors (test/fixtures/rapi/vectors.json)', () => {
  it('has the 118 vectors RAPI.md §6 describes', () => {
    expect(vectors).toHaveLength(118);
  });

  for (const v of vectors) {
    if (v.request !== '') {
      const bad = BAD_REQUESTS[v.request];
      it(`request round-trips: ${v.name}`, () => {
        const result = parseLine(v.request, { origin: 'host' });
        if (bad) {
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.error.code).toBe(bad);
          return;
        }
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.frame.kind).toBe('command');
        expect(encodeFrame(result.frame)).toBe(v.request);
      });
    }
    for (const line of wireLines(v.response)) {
      it(`response line round-trips: ${v.name}: ${JSON.stringify(line)}`, () => {
        const result = parseLine(line, { origin: 'device' });
        if (!line.startsWith('$')) {
          // `$Z0` debug text (RAPI.md §1.11): not a frame; splitLines drops it before parsing.
          expect(result.ok).toBe(false);
          return;
        }
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(encodeFrame(result.frame)).toBe(line);
        // The device only ever emits the canonical XOR form (RAPI.md §1.3).
        expect(result.frame.checksum).toEqual({ kind: 'xor' });
        expect(line.slice(-3, -1)).toBe(
          xorChecksum(line.slice(0, -4)).toString(16).toUpperCase().padStart(2, '0'),
        );
      });
    }
  }

  it('parses every response frame as a reply or an async frame, never a command', () => {
    const kinds = new Set<string>();
    for (const v of vectors) {
      for (const line of wireLines(v.response)) {
        if (!line.startsWith('$')) continue;
        const result = parseLine(line, { origin: 'device' });
        if (result.ok) kinds.add(result.frame.kind);
      }
    }
    // Echo mode's echoed `$GV^35` is the one command a device sends back (RAPI.md §1.9).
    expect([...kinds].sort()).toEqual(['async', 'command', 'reply']);
  });
});
