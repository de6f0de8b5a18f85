/**
 * The outgoing side of an RPC endpoint: a queue of CALLs (rxjs `mergeMap` with the given
 * concurrency, 1 by default per STEVE.md §5.1), each with a fresh id, correlated with its
 * CALLRESULT/CALLERROR and bounded by its own timeout (STYLE.md §2.5: correlation and timeouts
 * as an Observable pipeline, Promises only at the edge).
 */
import {
  catchError,
  defer,
  EMPTY,
  filter,
  map,
  mergeMap,
  type Observable,
  race,
  Subject,
  take,
  tap,
  throwError,
  timeout,
} from 'rxjs';
import { OcppCallError, OcppClosedError, OcppTimeoutError } from './errors.js';
import type { CallErrorFrame, CallResultFrame, OcppFrame } from './frame.js';
import type { Action } from './messages.js';
import type { RpcEvent } from './rpc-events.js';
import { describeIssues, type ValidateOptions, validateConfirmation } from './validate.js';

/** One queued CALL. */
export interface Job {
  readonly action: Action;
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
  /** Options for validating CALLRESULT payloads. */
  readonly validation: ValidateOptions;
  readonly emit: (event: RpcEvent) => void;
}

const LATE_IDS_REMEMBERED = 1000;

/** Creates the outgoing CALL queue of one endpoint. */
export function createOutgoingCalls(deps: OutgoingDeps) {
  const { send, newId, validation } = deps;
  const emit = deps.emit;
  const responses$ = new Subject<CallResultFrame | CallErrorFrame>();
  const closed$ = new Subject<void>();
  const jobs$ = new Subject<Job>();
  const pending = new Map<string, Action>();
  const lateIds = new Set<string>();
  let isClosed = false;

  const runJob = (job: Job): Observable<unknown> =>
    defer(() => {
      if (isClosed || !deps.isOpen()) throw new OcppClosedError(job.action);
      const id = newId();
      pending.set(id, job.action);
      let answered = false;
      const reply$ = responses$.pipe(
        filter((r) => r.id === id),
        take(1),
        tap(() => {
          answered = true;
        }),
      );
      const closedError$ = closed$.pipe(
        mergeMap(() => throwError(() => new OcppClosedError(job.action))),
      );
      send({ type: 2, id, action: job.action, payload: job.payload as Record<string, unknown> });
      return race(reply$, closedError$).pipe(
        timeout({
          first: job.timeoutMs,
          with: () => throwError(() => new OcppTimeoutError(job.action, id, job.timeoutMs)),
        }),
        map((frame) => interpret(job.action, frame)),
        tap({
          finalize: () => {
            pending.delete(id);
            if (!answered && !isClosed) rememberLate(id);
          },
        }),
      );
    }).pipe(
      tap({ next: job.resolve, error: job.reject }),
      catchError(() => EMPTY),
    );

  const rememberLate = (id: string): void => {
    lateIds.add(id);
    if (lateIds.size > LATE_IDS_REMEMBERED) lateIds.delete(lateIds.values().next().value as string);
  };

  const interpret = (action: Action, frame: CallResultFrame | CallErrorFrame): unknown => {
    if (frame.type === 4) {
      const error = OcppCallError.fromWire(frame.code, frame.description, frame.details);
      if (error) throw error;
      emit({ type: 'unknownErrorCode', frame });
      throw new OcppCallError(
        'GenericError',
        `peer answered with unknown error code ${frame.code}: ${frame.description}`,
        {
          details: { code: frame.code, ...frame.details },
        },
      );
    }
    const result = validateConfirmation(action, frame.payload, validation);
    if (!result.ok) {
      emit({ type: 'invalidResponse', action, frame, issues: result.issues });
      throw new OcppCallError(
        'FormationViolation',
        `invalid ${action}.conf: ${describeIssues(result.issues)}`,
        {
          fromPeer: false,
        },
      );
    }
    if (result.unknownProperties.length > 0)
      emit({
        type: 'unknownProperties',
        action,
        messageId: frame.id,
        paths: result.unknownProperties,
      });
    return result.value;
  };

  const jobsSub = jobs$.pipe(mergeMap(runJob, deps.concurrency)).subscribe();

  return {
    /** Queues a CALL. */
    enqueue(job: Job): void {
      if (isClosed) job.reject(new OcppClosedError(job.action));
      else jobs$.next(job);
    },
    /** Delivers a CALLRESULT/CALLERROR; false when no CALL with its id is outstanding. */
    deliver(frame: CallResultFrame | CallErrorFrame): boolean {
      if (!pending.has(frame.id)) return false;
      responses$.next(frame);
      return true;
    },
    /** True when `id` belongs to a CALL that timed out. */
    isLate: (id: string): boolean => lateIds.has(id),
    /** Fails the pending and every queued call with OcppClosedError. */
    close(): void {
      if (isClosed) return;
      isClosed = true;
      closed$.next();
      // Completing jobs$ lets mergeMap drain the queue: every queued call then fails with
      // OcppClosedError in runJob instead of hanging.
      jobs$.complete();
      jobsSub.unsubscribe();
      responses$.complete();
      closed$.complete();
    },
  };
}
