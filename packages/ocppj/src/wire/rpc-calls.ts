/**
 * The outgoing side of an RPC endpoint: a queue of CALLs (concurrency 1 by default per
 * STEVE.md §5.1), each with a fresh id, correlated with its CALLRESULT/CALLERROR and bounded
 * by its own timeout. Timeouts run on rxjs' `asyncScheduler` (virtual time in marble tests,
 * STYLE.md §2.5); the queue itself is plain state, not an Observable pipeline per CALL: a
 * fleet of 10,000 charge points sends every CALL through here, and a per-call
 * `defer`/`race`/`timeout` chain cost ~15 objects and most of the endpoint's CPU.
 */

import { asyncScheduler, type Subscription } from 'rxjs';
import { publishCallTiming } from './call-timing.js';
import { type Dialect, validateConfirmationOf } from './dialect.js';
import { OcppCallError, OcppClosedError, OcppTimeoutError } from './errors.js';
import {
  type CallErrorFrame,
  type CallResultFrame,
  MESSAGE_TYPES,
  type OcppFrame,
} from './frame.js';
import type { RpcEvent } from './rpc-events.js';
import { describeIssues, type ValidateOptions } from './validate.js';

/** One queued CALL. */
export interface Job {
  readonly action: string;
  readonly payload: unknown;
  readonly timeoutMs: number;
  readonly resolve: (conf: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** What the queue needs from its endpoint. */
export interface OutgoingDeps {
  readonly send: (frame: OcppFrame) => void;
  readonly isOpen: () => boolean;
  readonly newId: () => string;
  readonly concurrency: number;
  /** The version spoken: its `.conf` specs validate the CALLRESULTs. */
  readonly dialect: Dialect;
  /** Options for validating CALLRESULT payloads. */
  readonly validation: ValidateOptions;
  readonly emit: (event: RpcEvent) => void;
}

const LATE_IDS_REMEMBERED = 1000;

/** A CALL on the wire, waiting for its answer. */
interface InFlight {
  readonly job: Job;
  readonly timer: Subscription;
  /** `performance.now()` when the CALL was handed to the socket (call-timing.ts). */
  readonly sentAt: number;
}

/** The timeout of one in-flight CALL (a module function: no closure per call). */
function timedOut(this: unknown, state?: { calls: OutgoingCalls; id: string }): void {
  if (state) state.calls.timeout(state.id);
}

/** The outgoing CALL queue of one endpoint (internal). */
export class OutgoingCalls {
  readonly #deps: OutgoingDeps;
  /** CALLs waiting for a free slot (created on first use). */
  #queue: Job[] | null = null;
  /** CALLs on the wire by id (created on first use). */
  #pending: Map<string, InFlight> | null = null;
  #lateIds: Set<string> | null = null;
  #closed = false;

  constructor(deps: OutgoingDeps) {
    this.#deps = deps;
  }

  /** Queues a CALL. */
  enqueue(job: Job): void {
    if (this.#closed) {
      job.reject(new OcppClosedError(job.action));
      return;
    }
    this.#queue ??= [];
    this.#queue.push(job);
    this.#drain();
  }

  /** Delivers a CALLRESULT/CALLERROR; false when no CALL with its id is outstanding. */
  deliver(frame: CallResultFrame | CallErrorFrame): boolean {
    const call = this.#pending?.get(frame.id);
    if (!call) return false;
    this.#settle(frame.id, call);
    publishCallTiming(
      call.job.action,
      frame.type === MESSAGE_TYPES.CALLRESULT ? 'result' : 'error',
      call.sentAt,
    );
    let value: unknown;
    try {
      value = this.#interpret(call.job.action, frame);
    } catch (error) {
      call.job.reject(error);
      this.#drain();
      return true;
    }
    call.job.resolve(value);
    this.#drain();
    return true;
  }

  /** True when `id` belongs to a CALL that timed out. */
  isLate(id: string): boolean {
    return this.#lateIds?.has(id) ?? false;
  }

  /** Fails the pending and every queued call with OcppClosedError. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const pending = this.#pending;
    if (pending) {
      for (const [id, call] of pending) {
        this.#settle(id, call);
        publishCallTiming(call.job.action, 'closed', call.sentAt);
        call.job.reject(new OcppClosedError(call.job.action));
        this.#drain(); // queued calls fail right after the one whose slot they would take
      }
    }
    this.#drain();
  }

  /** The timer of CALL `id` fired (internal). */
  timeout(id: string): void {
    const call = this.#pending?.get(id);
    if (!call) return;
    this.#settle(id, call);
    this.#rememberLate(id);
    publishCallTiming(call.job.action, 'timeout', call.sentAt);
    call.job.reject(new OcppTimeoutError(call.job.action, id, call.job.timeoutMs));
    this.#drain();
  }

  #settle(id: string, call: InFlight): void {
    this.#pending?.delete(id);
    call.timer.unsubscribe();
  }

  /** Start queued CALLs while a slot is free; once closed (or the socket is), fail them. */
  #drain(): void {
    const queue = this.#queue;
    if (!queue) return;
    const deps = this.#deps;
    while (queue.length > 0 && (this.#pending?.size ?? 0) < deps.concurrency) {
      const job = queue.shift() as Job;
      if (this.#closed || !deps.isOpen()) {
        job.reject(new OcppClosedError(job.action));
        continue;
      }
      const id = deps.newId();
      const timer = asyncScheduler.schedule(timedOut, job.timeoutMs, { calls: this, id });
      this.#pending ??= new Map();
      this.#pending.set(id, { job, timer, sentAt: performance.now() });
      deps.send({
        type: MESSAGE_TYPES.CALL,
        id,
        action: job.action,
        payload: job.payload as Record<string, unknown>,
      });
    }
    // An emptied array keeps its grown backing store: drop it (most endpoints queue nothing).
    if (queue.length === 0 && this.#queue === queue) this.#queue = null;
  }

  #rememberLate(id: string): void {
    this.#lateIds ??= new Set();
    const late = this.#lateIds;
    late.add(id);
    if (late.size > LATE_IDS_REMEMBERED) late.delete(late.values().next().value as string);
  }

  #interpret(action: string, frame: CallResultFrame | CallErrorFrame): unknown {
    const deps = this.#deps;
    if (frame.type === MESSAGE_TYPES.CALLERROR) {
      const error = OcppCallError.fromWire(frame.code, frame.description, frame.details);
      if (error) throw error;
      deps.emit({ type: 'unknownErrorCode', frame });
      throw new OcppCallError(
        'GenericError',
        `peer answered with unknown error code ${frame.code}: ${frame.description}`,
        {
          details: { code: frame.code, ...frame.details },
        },
      );
    }
    const result = validateConfirmationOf(deps.dialect, action, frame.payload, deps.validation);
    if (!result.ok) {
      deps.emit({ type: 'invalidResponse', action, frame, issues: result.issues });
      throw new OcppCallError(
        'FormationViolation',
        `invalid ${action}.conf: ${describeIssues(result.issues)}`,
        {
          fromPeer: false,
        },
      );
    }
    if (result.unknownProperties.length > 0)
      deps.emit({
        type: 'unknownProperties',
        action,
        messageId: frame.id,
        paths: result.unknownProperties,
      });
    return result.value;
  }
}
