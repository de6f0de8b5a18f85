/**
 * Helpers for central-system tests: start a CS, connect raw `ws` stations, and check every
 * frame the CS sent against the fixture schemas (the oracle) when the test ends.
 */
import { randomUUID } from 'node:crypto';
import { OCPP_ERROR_CODES } from '@evse/ocppj';
import { afterEach, expect, onTestFinished } from 'vitest';
import type { WebSocket } from 'ws';
import type { CentralSystem } from '../../src/central/central-system.js';
import { createCentralSystem } from '../../src/central/central-system.js';
import type { CentralSystemEvent, CentralSystemOptions } from '../../src/central/options.js';
import { STEVE_ERROR_MSG } from '../../src/central/steve-errors.js';
import { oracle } from './oracle.js';
import { closed, connect, reader } from './ws-helpers.js';

/** A started CS plus everything it emitted. */
export interface TestCs {
  readonly cs: CentralSystem;
  readonly events: CentralSystemEvent[];
  /** Problems found in frames the CS sent (must stay empty). */
  sentFrameProblems(): string[];
}

/**
 * Per-file set-up of central-system tests: after each test every frame sent by each CS started
 * with this `startCs` is checked against the schemas; what a test opened is closed by
 * `onTestFinished`, after that check.
 */
export function centralSystemTests(): {
  startCs(options?: CentralSystemOptions): Promise<TestCs>;
} {
  const started: TestCs[] = [];
  afterEach(() => {
    for (const cs of started.splice(0)) expect(cs.sentFrameProblems()).toEqual([]);
  });
  return {
    async startCs(options) {
      const cs = await startCs(options);
      started.push(cs);
      return cs;
    },
  };
}

/** The CALLERROR SteVe sends for a payload it cannot read (STEVE.md §2). */
export const PCV_UNDERSTAND = [
  'PropertyConstraintViolation',
  'Message validation failed',
  { errorMsg: STEVE_ERROR_MSG.cannotUnderstand },
];
/** The CALLERROR SteVe sends for a payload that breaks a constraint (STEVE.md §2). */
export const PCV_CONSTRAINTS = [
  'PropertyConstraintViolation',
  'Message validation failed',
  { errorMsg: STEVE_ERROR_MSG.constraints },
];

/** Starts a CS on 127.0.0.1:0 and registers its cleanup. */
export async function startCs(options: CentralSystemOptions = {}): Promise<TestCs> {
  const cs = await createCentralSystem(options);
  const events: CentralSystemEvent[] = [];
  cs.events$.subscribe((e) => events.push(e));
  onTestFinished(() => cs.close());
  return {
    cs,
    events,
    sentFrameProblems() {
      const problems: string[] = [];
      // actions of CALLs received per session, so CALLRESULTs can be checked against .conf
      const received = new Map<string, string>();
      for (const e of events) {
        if (e.type !== 'frame') continue;
        let frame: unknown[];
        try {
          frame = JSON.parse(e.text) as unknown[];
        } catch {
          if (e.direction === 'tx') problems.push(`CS sent non-JSON ${e.text}`);
          continue;
        }
        if (!Array.isArray(frame)) continue;
        const key = `${e.sessionId}/${String(frame[1])}`;
        if (e.direction === 'rx') {
          // the first CALL with an id counts; a reused id is answered with a CALLERROR
          if (frame[0] === 2 && !received.has(key)) received.set(key, String(frame[2]));
          continue;
        }
        if (frame[0] === 2)
          problems.push(...oracle(String(frame[2]), 'req', frame[3]).map((p) => `${e.text}: ${p}`));
        else if (frame[0] === 3) {
          const action = received.get(key);
          if (!action) problems.push(`CALLRESULT for a CALL the CS never received: ${e.text}`);
          else problems.push(...oracle(action, 'conf', frame[2]).map((p) => `${e.text}: ${p}`));
        } else if (frame[0] === 4) {
          const [, id, code, description, details] = frame;
          if (
            typeof id !== 'string' ||
            !(OCPP_ERROR_CODES as readonly unknown[]).includes(code) ||
            typeof description !== 'string' ||
            details === null ||
            typeof details !== 'object' ||
            Array.isArray(details) ||
            frame.length !== 5
          )
            problems.push(`malformed CALLERROR ${e.text}`);
        } else problems.push(`unknown frame ${e.text}`);
      }
      return problems;
    },
  };
}

/** A raw `ws` station connected to the CS. */
export async function rawStation(
  cs: CentralSystem,
  chargeBoxId: string,
  protocols: string | string[] = 'ocpp1.5',
  headers?: Record<string, string>,
) {
  const ws: WebSocket = await connect(
    cs.urlFor(chargeBoxId),
    protocols,
    headers ? { headers } : {},
  );
  onTestFinished(() => ws.terminate());
  const r = reader(ws);
  const closeCode = closed(ws);
  return {
    ws,
    r,
    closeCode,
    /** Sends raw text and returns the next message. */
    async exchange(text: string): Promise<unknown[]> {
      ws.send(text);
      return r.nextJson();
    },
    /** Sends a CALL with a fresh id; returns the answer frame. */
    async call(action: string, payload: unknown): Promise<unknown[]> {
      const id = randomUUID();
      ws.send(JSON.stringify([2, id, action, payload]));
      const answer = await r.nextJson();
      if (answer[1] !== id) throw new Error(`answer for another id: ${JSON.stringify(answer)}`);
      return answer;
    },
  };
}

/** Basic auth header value. */
export const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
