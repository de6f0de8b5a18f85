/**
 * An OCPP-J RPC endpoint over one `ws` WebSocket, used by both the charge point and the
 * central system. Outgoing CALLs go through a queue (concurrency 1 by default, STEVE.md §5.1),
 * each with a fresh UUID id and its own timeout. Incoming CALLs are checked (frame, id,
 * action, payload) and dispatched to handlers; a bad CALL is answered with a CALLERROR, a bad
 * CALLRESULT/CALLERROR is only reported on `events$`, never answered (STYLE.md §2.9).
 */
import { randomUUID } from 'node:crypto';
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
import type { RawData, WebSocket } from 'ws';
import {
  type CallErrorReply,
  type CallProblem,
  defaultCallError,
  problemId,
} from './call-problems.js';
import { OcppCallError, OcppClosedError, OcppTimeoutError } from './errors.js';
import {
  type CallErrorFrame,
  type CallFrame,
  type CallResultFrame,
  type FrameError,
  type OcppFrame,
  parseFrame,
  serializeFrame,
} from './frame.js';
import {
  type Action,
  type Confirmation,
  type Initiator,
  isAction,
  type Request,
  sentBy,
} from './messages.js';
import type { RpcEvent, RpcTraffic } from './rpc-events.js';
import { describeIssues, validateConfirmation, validateRequest } from './validate.js';

/** Options of {@link createRpcEndpoint}. */
export interface RpcEndpointOptions {
  /** Which side this endpoint plays: decides which actions it may send and accept. */
  readonly role: Initiator;
  /** Time a peer has to answer a CALL, in ms. @default 30000 (SteVe's window, STEVE.md §1.6) */
  readonly callTimeoutMs?: number;
  /** Outgoing CALLs in flight at once. @default 1 (STEVE.md §5.1) */
  readonly concurrency?: number;
  /** Message id factory; must return a fresh id each time. @default crypto.randomUUID */
  readonly newId?: () => string;
  /** How incoming payloads are validated. @default 'strict' */
  readonly validation?: 'strict' | 'steve';
  /**
   * Rewrites every incoming CALL/CALLRESULT payload before validation (the central system
   * uses it for SteVe's HTML-escaping of strings, STEVE.md §1.7). @default identity
   */
  readonly transformIncoming?: (payload: Record<string, unknown>) => Record<string, unknown>;
  /** Maps an incoming CALL problem to the CALLERROR sent. @default defaultCallError */
  readonly callErrorFor?: (problem: CallProblem) => CallErrorReply;
}

/** Per-call options. */
export interface CallOptions {
  /** Overrides the endpoint's timeout for this call, in ms. */
  readonly timeoutMs?: number;
  /** Send the payload without validating it (for tests that provoke the peer). @default false */
  readonly skipValidation?: boolean;
}

/** Context given to a handler. */
export interface HandlerContext {
  /** The id of the incoming CALL. */
  readonly messageId: string;
}

/** Answers an incoming CALL; throw an {@link OcppCallError} to answer with a CALLERROR. */
export type Handler<A extends Action> = (
  payload: Request<A>,
  context: HandlerContext,
) => Confirmation<A> | Promise<Confirmation<A>>;

/** An OCPP-J endpoint bound to one open WebSocket. */
export interface RpcEndpoint {
  /** Sends a CALL (queued) and resolves with the validated confirmation. */
  call<A extends Action>(
    action: A,
    payload: Request<A>,
    options?: CallOptions,
  ): Promise<Confirmation<A>>;
  /** Registers the handler for incoming CALLs of `action` (replacing any earlier one). */
  handle<A extends Action>(action: A, handler: Handler<A>): void;
  /** Every text/binary frame in (`rx`) and out (`tx`). Completes when the socket closes. */
  readonly traffic$: Observable<RpcTraffic>;
  /** Problems and notable events (bad frames, unexpected responses, CALLERRORs sent, …). */
  readonly events$: Observable<RpcEvent>;
  /** The socket's readyState (0 CONNECTING, 1 OPEN, 2 CLOSING, 3 CLOSED). */
  readonly readyState: number;
  /** Closes the WebSocket; pending and queued calls fail with OcppClosedError. */
  close(code?: number, reason?: string): void;
}

interface Job {
  readonly action: Action;
  readonly payload: unknown;
  readonly timeoutMs: number;
  readonly resolve: (conf: unknown) => void;
  readonly reject: (error: unknown) => void;
}

const LATE_IDS_REMEMBERED = 1000;

/** Creates an RPC endpoint over an open `ws` WebSocket. */
export function createRpcEndpoint(socket: WebSocket, options: RpcEndpointOptions): RpcEndpoint {
  const role = options.role;
  const peer: Initiator = role === 'chargePoint' ? 'centralSystem' : 'chargePoint';
  const callTimeoutMs = options.callTimeoutMs ?? 30_000;
  const newId = options.newId ?? randomUUID;
  const mode = options.validation ?? 'strict';
  const callErrorFor = options.callErrorFor ?? defaultCallError;
  const transform = options.transformIncoming ?? ((p: Record<string, unknown>) => p);

  const traffic$ = new Subject<RpcTraffic>();
  const events$ = new Subject<RpcEvent>();
  const responses$ = new Subject<CallResultFrame | CallErrorFrame>();
  const closed$ = new Subject<void>();
  const jobs$ = new Subject<Job>();
  const handlers = new Map<Action, Handler<Action>>();
  const pending = new Map<string, Action>();
  const lateIds = new Set<string>();
  const seenIds = new Set<string>();
  let isClosed = false;

  const send = (frame: OcppFrame): void => {
    if (socket.readyState !== 1) return; // answers to a closed socket are dropped
    const text = serializeFrame(frame);
    socket.send(text);
    traffic$.next({ direction: 'tx', text, binary: false, frame, at: new Date() });
  };

  const answerProblem = (problem: CallProblem): void => {
    const reply = callErrorFor(problem);
    send({
      type: 4,
      id: problemId(problem),
      code: reply.code,
      description: reply.description,
      details: reply.details,
    });
    events$.next({ type: 'callErrorSent', problem, reply });
  };

  const runJob = (job: Job): Observable<unknown> =>
    defer(() => {
      if (isClosed || socket.readyState !== 1) throw new OcppClosedError(job.action);
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
      events$.next({ type: 'unknownErrorCode', frame });
      throw new OcppCallError(
        'GenericError',
        `peer answered with unknown error code ${frame.code}: ${frame.description}`,
        {
          details: { code: frame.code, ...frame.details },
        },
      );
    }
    const result = validateConfirmation(action, transform(frame.payload), { mode });
    if (!result.ok) {
      events$.next({ type: 'invalidResponse', action, frame, issues: result.issues });
      throw new OcppCallError(
        'FormationViolation',
        `invalid ${action}.conf: ${describeIssues(result.issues)}`,
        {
          fromPeer: false,
        },
      );
    }
    if (result.unknownProperties.length > 0)
      events$.next({
        type: 'unknownProperties',
        action,
        messageId: frame.id,
        paths: result.unknownProperties,
      });
    return result.value;
  };

  const jobsSub = jobs$.pipe(mergeMap(runJob, options.concurrency ?? 1)).subscribe();

  const dispatch = async (id: string, action: Action, payload: unknown): Promise<void> => {
    const handler = handlers.get(action);
    if (!handler) {
      answerProblem({ kind: 'noHandler', id, action });
      return;
    }
    let conf: unknown;
    try {
      conf = await handler(payload as never, { messageId: id });
    } catch (error) {
      if (error instanceof OcppCallError) {
        send({ type: 4, id, code: error.code, description: error.message, details: error.details });
        return;
      }
      events$.next({ type: 'handlerError', action, messageId: id, error });
      answerProblem({ kind: 'handlerFailed', id, action, error });
      return;
    }
    // Never put an invalid .conf on the wire: answer InternalError instead and report it.
    const checked = validateConfirmation(action, conf);
    if (!checked.ok) {
      answerProblem({ kind: 'invalidConfirmation', id, action, issues: checked.issues });
      return;
    }
    send({ type: 3, id, payload: checked.value as Record<string, unknown> });
  };

  // A CALL that failed frame parsing: which CALLERROR it gets (null: not a CALL, report only).
  const badCallProblem = (e: FrameError): CallProblem | null => {
    if (e.messageType !== 2) return null;
    if (e.stage === 'id') return { kind: 'badId', message: e.message };
    if (e.id === undefined) return null;
    if (seenIds.has(e.id)) return { kind: 'duplicateId', id: e.id };
    seenIds.add(e.id);
    if (e.stage === 'action') return { kind: 'badAction', id: e.id, message: e.message };
    return {
      kind: 'badPayload',
      id: e.id,
      action: e.action ?? '',
      message: e.message,
      syntax: e.syntax === true,
    };
  };

  // A well-formed CALL: the problem that stops it, or null once it has been dispatched.
  const acceptCall = (frame: CallFrame): CallProblem | null => {
    const { id, action } = frame;
    if (seenIds.has(id)) return { kind: 'duplicateId', id };
    seenIds.add(id);
    if (!isAction(action) || !sentBy(action, peer)) return { kind: 'unknownAction', id, action };
    const result = validateRequest(action, transform(frame.payload), { mode });
    if (!result.ok) return { kind: 'invalidPayload', id, action, issues: result.issues };
    if (result.unknownProperties.length > 0)
      events$.next({
        type: 'unknownProperties',
        action,
        messageId: id,
        paths: result.unknownProperties,
      });
    events$.next({ type: 'call', action, messageId: id, payload: result.value });
    void dispatch(id, action, result.value);
    return null;
  };

  const onText = (text: string): void => {
    const parsed = parseFrame(text);
    const at = new Date();
    traffic$.next({
      direction: 'rx',
      text,
      binary: false,
      ...(parsed.ok ? { frame: parsed.frame } : {}),
      at,
    });
    let problem: CallProblem | null = null;
    if (!parsed.ok) {
      events$.next({ type: 'badFrame', text, error: parsed.error });
      problem = badCallProblem(parsed.error);
    } else if (parsed.frame.type === 2) {
      problem = acceptCall(parsed.frame);
    } else if (pending.has(parsed.frame.id)) {
      responses$.next(parsed.frame);
    } else {
      events$.next({
        type: 'unexpectedResponse',
        frame: parsed.frame,
        late: lateIds.has(parsed.frame.id),
      });
    }
    if (problem) answerProblem(problem);
  };

  const onMessage = (data: RawData, isBinary: boolean): void => {
    // Frames still arriving after this side started closing are not processed.
    if (socket.readyState !== 1) return;
    if (isBinary) {
      const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
      traffic$.next({
        direction: 'rx',
        text: `<binary ${size} bytes>`,
        binary: true,
        at: new Date(),
      });
      events$.next({ type: 'binaryFrame', size });
      return;
    }
    onText(
      Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data as ArrayBuffer).toString('utf8'),
    );
  };

  const onClose = (): void => {
    if (isClosed) return;
    isClosed = true;
    closed$.next();
    // Completing jobs$ lets mergeMap drain the queue: every queued call then fails with
    // OcppClosedError in runJob instead of hanging.
    jobs$.complete();
    jobsSub.unsubscribe();
    socket.off('message', onMessage);
    for (const s of [traffic$, events$, responses$, closed$]) s.complete();
  };

  socket.on('message', onMessage);
  socket.once('close', onClose);

  return {
    call<A extends Action>(
      action: A,
      payload: Request<A>,
      callOptions: CallOptions = {},
    ): Promise<Confirmation<A>> {
      if (!isAction(action) || !sentBy(action, role))
        return Promise.reject(
          new TypeError(`action: ${String(action)} is not sent by the ${role}`),
        );
      let body: unknown = payload;
      if (!callOptions.skipValidation) {
        const checked = validateRequest(action, payload);
        if (!checked.ok)
          return Promise.reject(
            new TypeError(`payload: invalid ${action}.req: ${describeIssues(checked.issues)}`),
          );
        body = checked.value;
      }
      if (isClosed) return Promise.reject(new OcppClosedError(action));
      return new Promise<Confirmation<A>>((resolve, reject) => {
        jobs$.next({
          action,
          payload: body,
          timeoutMs: callOptions.timeoutMs ?? callTimeoutMs,
          resolve: resolve as (conf: unknown) => void,
          reject,
        });
      });
    },
    handle<A extends Action>(action: A, handler: Handler<A>): void {
      if (!isAction(action) || !sentBy(action, peer))
        throw new TypeError(`action: ${String(action)} is not sent by the ${peer}`);
      handlers.set(action, handler as unknown as Handler<Action>);
    },
    traffic$: traffic$.asObservable(),
    events$: events$.asObservable(),
    get readyState() {
      return socket.readyState;
    },
    close(code?: number, reason?: string): void {
      socket.close(code, reason);
    },
  };
}
