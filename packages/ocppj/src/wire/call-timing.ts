/**
 * Round-trip timing of outgoing CALLs, published on a Node `diagnostics_channel` rather than
 * on each endpoint's `events$`: a load test wants the CALL→CALLRESULT times of every
 * endpoint in the process (10,000 charge points in a fleet) without reaching into each one,
 * and a channel nobody subscribes to costs one `hasSubscribers` check per answer. Libraries
 * emit, they never log (STYLE.md §2.10): this is an event, the reader decides what to print.
 */
import { channel } from 'node:diagnostics_channel';

/** The channel's name: `diagnostics_channel.subscribe(CALL_TIMING_CHANNEL, fn)`. */
export const CALL_TIMING_CHANNEL = 'evse.ocppj.call';

/** One settled outgoing CALL, as published on {@link CALL_TIMING_CHANNEL}. */
export interface CallTiming<A extends string = string> {
  /** The CALL's action (of whichever OCPP version the endpoint speaks). */
  readonly action: A;
  /** How it ended: a CALLRESULT, a CALLERROR, no answer in time, or the socket closed. */
  readonly outcome: 'result' | 'error' | 'timeout' | 'closed';
  /** From the CALL handed to the socket to the answer handled (`performance.now()` ms). */
  readonly ms: number;
}

const calls = channel(CALL_TIMING_CHANNEL);

/** Publish one settled CALL if anybody listens (internal: the outgoing CALL queue). */
export function publishCallTiming(
  action: string,
  outcome: CallTiming['outcome'],
  sentAt: number,
): void {
  if (!calls.hasSubscribers) return;
  const timing: CallTiming = { action, outcome, ms: performance.now() - sentAt };
  calls.publish(timing);
}
