/**
 * Fuzz: ≥100,000 random and mutated lines, randomly chunked, through splitLines + parseLine
 * and through a live client. A seeded PRNG makes every failure reproducible: the seed is in
 * the test name; set FUZZ_SEED to try another.
 */
import { from, lastValueFrom, map, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  createRapiClient,
  encodeFrame,
  isRapiError,
  parseLine,
  RapiError,
  splitLines,
} from '../src/index.js';
import { fakeDevice, reply } from './fake-device.js';
import { loadRapiVectors } from './fixtures/rapi/index.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 0x5eed);
const LINES = 100_000;
const CODES = new Set([
  'NK',
  'TIMEOUT',
  'CHECKSUM',
  'MALFORMED',
  'TOO_LONG',
  'CLOSED',
  'TRANSPORT',
]);

/** mulberry32: small, fast, good enough for fuzzing. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const vectors: { request: string; response: string }[] = loadRapiVectors();
const POOL = vectors
  .flatMap((v) => [v.request, ...v.response.split(/(?<=\r)/)])
  .filter((l) => l.length > 0);
const ALPHABET = '$^* :\r\n0123456789ABCDEFabcdefOKNATGSZ\u0000\u00ff\u00e9~';

function makeFuzz(seed: number, count: number) {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const char = () => ALPHABET[int(ALPHABET.length)] ?? '$';
  const mutate = (line: string): string => {
    const i = int(line.length + 1);
    switch (int(8)) {
      case 0: // replace a byte
        return line.slice(0, i) + char() + line.slice(i + 1);
      case 1: // delete a byte
        return line.slice(0, i) + line.slice(i + 1);
      case 2: // insert a byte
        return line.slice(0, i) + char() + line.slice(i);
      case 3: // truncate
        return line.slice(0, i);
      case 4: // random garbage
        return Array.from({ length: int(60) }, char).join('');
      case 5: // runaway line
        return `$${'X'.repeat(100 + int(400))}\r`;
      case 6: // two frames glued together
        return line + pick(POOL);
      default: // intact
        return line;
    }
  };
  const lines = Array.from({ length: count }, () => mutate(pick(POOL)));
  const text = lines.join('');
  const chunks: string[] = [];
  for (let i = 0; i < text.length; ) {
    const size = 1 + int(int(4) === 0 ? 256 : 24);
    chunks.push(text.slice(i, i + size));
    i += size;
  }
  return { lines, chunks };
}

describe(`fuzz (seed ${SEED})`, () => {
  it(`splitLines + parseLine survive ${LINES} mutated lines; every frame round-trips`, async () => {
    const { chunks } = makeFuzz(SEED, LINES);
    const results = await lastValueFrom(
      from(chunks).pipe(
        splitLines(),
        map((line) => ({ line, result: parseLine(line, { origin: 'device' }) })),
        toArray(),
      ),
    );
    expect(results.length).toBeGreaterThan(LINES / 2);
    // Plain checks in the loop (expect() per item would dominate the run time); the
    // offending lines are collected and shown.
    let frames = 0;
    const broken: string[] = [];
    for (const { line, result } of results) {
      if (!line.startsWith('$') || line.length > 129)
        broken.push(`bad split: ${JSON.stringify(line)}`);
      if (result.ok) {
        frames++;
        // Property: whatever parses re-encodes to exactly the same line.
        if (encodeFrame(result.frame) !== `${line}\r`)
          broken.push(`no round trip: ${JSON.stringify(line)}`);
      } else if (!(result.error instanceof RapiError) || !CODES.has(result.error.code)) {
        broken.push(`bad error: ${JSON.stringify(line)}`);
      }
    }
    expect(broken.slice(0, 10)).toEqual([]);
    // Most intact or lightly mutated lines still parse; most garbage does not.
    expect(frames).toBeGreaterThan(results.length / 4);
    expect(frames).toBeLessThan(results.length);
  });

  it(`a client flooded with ${LINES} mutated lines while requests are in flight still answers the next good command`, async () => {
    const { chunks } = makeFuzz(SEED + 1, LINES);
    let flooding = true;
    const { host, send, seen } = fakeDevice((cmd) =>
      flooding ? null : reply(true, ['8.2.3', '5.2.1'], cmd.frame.seq),
    );
    const client = createRapiClient(host, { timeoutMs: 20, useSequenceIds: true });
    let errors = 0;
    client.errors$.subscribe(() => errors++);
    const inFlight: Promise<unknown>[] = [];
    let writes: Promise<void>[] = [];
    for (let i = 0; i < chunks.length; i++) {
      if (i % 2000 === 0) {
        // Requests race the flood: each must settle with a reply or a RapiError, nothing else.
        inFlight.push(
          client.request('GS').then(
            () => 'reply',
            (e: unknown) => (isRapiError(e) ? e.code : e),
          ),
        );
        await Promise.all(writes);
        writes = [];
      }
      writes.push(send(chunks[i] ?? ''));
    }
    await Promise.all(writes);
    const outcomes = await Promise.all(inFlight);
    expect(outcomes.filter((o) => typeof o !== 'string')).toEqual([]);
    flooding = false;
    const reply1 = await client.getVersion();
    expect(reply1).toEqual({ firmware: '8.2.3', protocol: '5.2.1' });
    expect(errors).toBeGreaterThan(1000);
    expect(seen.length).toBeGreaterThan(inFlight.length);
    await client.close();
  });
});
