import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { ACTION_NAMES, ACTIONS } from '../src/wire/messages.js';
import { centralSystemTests, rawStation, type TestCs } from './support/cs-helpers.js';
import { mutate, randomValue } from './support/generate.js';
import { createRng, type Rng } from './support/rng.js';

const { startCs } = centralSystemTests();
let current: TestCs | undefined;

const CP_ACTIONS = ACTION_NAMES.filter((a) =>
  (ACTIONS[a].from as readonly string[]).includes('chargePoint'),
);
const ODD = [
  '',
  ' ',
  'null',
  '[',
  ']',
  '[[[[[[[[[[]]]]]]]]]]',
  '{"__proto__":{"x":1}}',
  '1e999',
  '"\\ud800"',
  '\u0000',
  'ü😀',
  '[2,"a","Heartbeat",{}]garbage',
];

/**
 * One random frame. Most are CALLs of CP actions with mutated payloads (answered with a
 * CALLRESULT or CALLERROR); a few percent are the kinds SteVe closes the socket for
 * (garbage, odd literals, responses to nothing, binary, invalid UTF-8), so the test exercises
 * both paths without spending its time reconnecting.
 */
function randomFrame(rng: Rng): { data: string | Buffer; binary?: boolean } {
  const roll = rng.next();
  if (roll < 0.005) return { data: Buffer.from([rng.int(0, 255), rng.int(0, 255)]), binary: true };
  if (roll < 0.008) return { data: Buffer.from([0xff, 0xfe, 0x41]), binary: false }; // invalid UTF-8 text
  if (roll < 0.015) return { data: rng.pick(ODD) };
  if (roll < 0.02)
    return {
      data: Array.from({ length: rng.int(1, 40) }, () =>
        String.fromCharCode(rng.int(32, 126)),
      ).join(''),
    };
  const action = rng.pick(CP_ACTIONS);
  const id = rng.chance(0.1) ? rng.pick(['dup', 'x', '']) : `f${rng.int(0, 1e9)}`;
  let frame: unknown[];
  if (roll < 0.03) frame = [3, id, randomValue(ACTIONS[rng.pick(ACTION_NAMES)].conf, rng)];
  else if (roll < 0.035) frame = [4, id, rng.pick(['GenericError', 'Bogus', 5]), 'd', {}];
  else {
    let payload = randomValue(ACTIONS[action].req, rng);
    for (let m = rng.int(0, 3); m > 0; m--) payload = mutate(payload, rng);
    frame = [2, id, action, payload];
  }
  // occasionally damage the frame itself (type, id, action, arity)
  if (rng.chance(0.03)) frame = mutate(frame, rng) as unknown[];
  let text = JSON.stringify(frame) ?? 'undefined';
  if (rng.chance(0.02)) text = text.slice(0, rng.int(0, text.length));
  return { data: text };
}

/** Collects a socket's messages; `until(id)` resolves when a reply with that id came or the socket closed. */
function collector(ws: WebSocket) {
  const replies: unknown[][] = [];
  let waiter: { id: string; resolve: (ok: boolean) => void } | undefined;
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as unknown[];
    replies.push(frame);
    if (waiter && frame[1] === waiter.id) waiter.resolve(true);
  });
  ws.on('close', () => waiter?.resolve(false));
  return {
    replies,
    until(id: string): Promise<boolean> {
      if (ws.readyState !== 1) return Promise.resolve(false);
      return new Promise((resolve) => {
        waiter = { id, resolve };
      });
    },
  };
}

describe('fuzz: the central system never crashes and keeps serving', () => {
  it('survives 3000 seeded random/mutated frames while another station is served', async () => {
    current = await startCs({ tags: { T: 'Accepted' } });
    const { cs } = current;
    const good = await rawStation(cs, 'GOOD');
    const rng = createRng(20261125);
    const closeCodes = new Map<number, number>();
    // every string literal of every sent text: a reply's id must be one of them
    const sentStrings = new Set<string>(['']);
    let sent = 0;
    let probesAnswered = 0;
    let replies = 0;
    let goodRounds = 0;

    while (sent < 3000) {
      const fuzz = await rawStation(cs, 'FUZZ');
      const col = collector(fuzz.ws);
      let open = true;
      while (open && sent < 3000) {
        for (let i = rng.int(1, 12); i > 0; i--) {
          const f = randomFrame(rng);
          if (typeof f.data === 'string')
            for (const m of f.data.matchAll(/"((?:[^"\\]|\\.)*)"/g)) sentStrings.add(m[1] ?? '');
          fuzz.ws.send(f.data, { binary: f.binary ?? false });
          sent++;
        }
        const probe = `probe-${sent}`;
        fuzz.ws.send(JSON.stringify([2, probe, 'Heartbeat', {}]));
        open = await col.until(probe);
        if (open) probesAnswered++;
        if (sent >= goodRounds * 100 + 100) {
          expect((await good.call('Heartbeat', {}))[0]).toBe(3);
          goodRounds++;
        }
      }
      // every reply is an answer (never a CALLRESULT/CALLERROR to a response) with an id we sent
      for (const r of col.replies) {
        expect([3, 4]).toContain(r[0]);
        const id = String(r[1]);
        const known = id.startsWith('probe-') || sentStrings.has(JSON.stringify(id).slice(1, -1));
        expect(known, JSON.stringify(r)).toBe(true);
      }
      replies += col.replies.length;
      fuzz.ws.terminate();
      if (!open) {
        const code = await fuzz.closeCode;
        closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1);
      }
    }
    // SteVe's closes only: 1011 (bad frames/responses), 1003 (binary), 1007 (invalid UTF-8 text)
    expect([...closeCodes.keys()].every((code) => [1011, 1003, 1007].includes(code))).toBe(true);
    expect(closeCodes.get(1011)).toBeGreaterThan(20);
    expect(probesAnswered).toBeGreaterThan(100);
    expect(replies).toBeGreaterThan(2000);
    expect(goodRounds).toBe(30);
    expect((await good.call('Heartbeat', {}))[0]).toBe(3);
  }, 60_000);
});
