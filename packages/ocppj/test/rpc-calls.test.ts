import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { OcppFrame, RpcEvent } from '../src/index.js';
import { type Job, OutgoingCalls } from '../src/wire/rpc-calls.js';
import { TEST_DIALECT } from './support/dialect.js';

/** Runs the outgoing queue in virtual time; returns what was sent and how each call ended. */
function scenario(concurrency: number, answers: Record<string, number>, closeAt?: number) {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  const sent: string[] = [];
  const outcomes: string[] = [];
  const events: RpcEvent[] = [];
  scheduler.run(({ flush }) => {
    let n = 0;
    const calls = new OutgoingCalls({
      send: (f: OcppFrame) => sent.push(`${scheduler.now()} ${f.id}`),
      isOpen: () => true,
      newId: () => `id${n++}`,
      concurrency,
      dialect: TEST_DIALECT,
      validation: { mode: 'strict' },
      emit: (e) => events.push(e),
    });
    const job = (name: string): Job => ({
      action: 'Heartbeat',
      payload: {},
      timeoutMs: 50,
      resolve: () => outcomes.push(`${scheduler.now()} ${name} ok`),
      reject: (e) => outcomes.push(`${scheduler.now()} ${name} ${(e as Error).name}`),
    });
    for (const name of ['a', 'b', 'c']) calls.enqueue(job(name));
    for (const [id, at] of Object.entries(answers))
      scheduler.schedule(
        () => calls.deliver({ type: 3, id, payload: { currentTime: '2026-01-01T00:00:00Z' } }),
        at,
      );
    if (closeAt !== undefined) scheduler.schedule(() => calls.close(), closeAt);
    flush();
  });
  return { sent, outcomes, events };
}

describe('outgoing CALL queue in virtual time (STEVE.md §5.1)', () => {
  it('concurrency 1: the next CALL goes out when the previous is answered or timed out', () => {
    // a answered at 10; b never (times out at 10+50); c answered at 70
    const { sent, outcomes } = scenario(1, { id0: 10, id2: 70 });
    expect(sent).toEqual(['0 id0', '10 id1', '60 id2']);
    expect(outcomes).toEqual(['10 a ok', '60 b OcppTimeoutError', '70 c ok']);
  });

  it('concurrency 3: all go out at once and time out independently', () => {
    const { sent, outcomes } = scenario(3, { id1: 5 });
    expect(sent).toEqual(['0 id0', '0 id1', '0 id2']);
    expect(outcomes).toEqual(['5 b ok', '50 a OcppTimeoutError', '50 c OcppTimeoutError']);
  });

  it('close fails the pending and the queued calls at once', () => {
    const { sent, outcomes } = scenario(1, {}, 20);
    expect(sent).toEqual(['0 id0']);
    expect(outcomes).toEqual([
      '20 a OcppClosedError',
      '20 b OcppClosedError',
      '20 c OcppClosedError',
    ]);
  });

  it('an answer for a timed-out CALL is not delivered and the id is known as late', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ flush }) => {
      const calls = new OutgoingCalls({
        send: () => {},
        isOpen: () => true,
        newId: () => 'only',
        concurrency: 1,
        dialect: TEST_DIALECT,
        validation: { mode: 'strict' },
        emit: () => {},
      });
      calls.enqueue({
        action: 'Heartbeat',
        payload: {},
        timeoutMs: 10,
        resolve: () => {},
        reject: () => {},
      });
      flush();
      expect(calls.deliver({ type: 3, id: 'only', payload: {} })).toBe(false);
      expect(calls.isLate('only')).toBe(true);
      expect(calls.isLate('other')).toBe(false);
    });
  });
});
