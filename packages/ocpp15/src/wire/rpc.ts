/**
 * An OCPP-J RPC endpoint over one `ws` WebSocket, used by both the charge point and the
 * central system. Outgoing CALLs go through a queue (concurrency 1 by default, STEVE.md §5.1),
 * each with a fresh UUID id and its own timeout. Incoming CALLs are checked (frame, id,
 * action, payload) and dispatched to handlers; a bad CALL is answered with a CALLERROR, a bad
 * CALLRESULT/CALLERROR is only reported on `events$`, never answered (STYLE.md §2.9).
 */
import { randomUUID } from 'node:crypto';
import { Subject } from 'rxjs';
import type { RawData, WebSocket } from 'ws';
import { type CallProblem, defaultCallError, problemId } from './call-problems.js';
import { OcppCallError, OcppClosedError } from './errors.js';
import {
  type CallFrame,
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
import { createOutgoingCalls } from './rpc-calls.js';
import type { RpcEvent, RpcTraffic } from './rpc-events.js';
import type { CallOptions, Handler, RpcEndpoint, RpcEndpointOptions } from './rpc-types.js';
import { describeIssues, validateConfirmation, validateRequest } from './validate.js';

export type {
  CallOptions,
  Handler,
  HandlerContext,
  RpcEndpoint,
  RpcEndpointOptions,
} from './rpc-types.js';

/** Creates an RPC endpoint over an open `ws` WebSocket. */
export function createRpcEndpoint(socket: WebSocket, options: RpcEndpointOptions): RpcEndpoint {
  const role = options.role;
  if (role !== 'chargePoint' && role !== 'centralSystem')
    throw new TypeError("options.role: must be 'chargePoint' or 'centralSystem'");
  if (options.concurrency !== undefined && !(options.concurrency >= 1))
    throw new TypeError('options.concurrency: must be at least 1');
  if (options.callTimeoutMs !== undefined && !(options.callTimeoutMs > 0))
    throw new TypeError('options.callTimeoutMs: must be a positive number of ms');
  const peer: Initiator = role === 'chargePoint' ? 'centralSystem' : 'chargePoint';
  const callTimeoutMs = options.callTimeoutMs ?? 30_000;
  const newId = options.newId ?? randomUUID;
  const mode = options.validation ?? 'strict';
  const callErrorFor = options.callErrorFor ?? defaultCallError;
  const validation = {
    mode,
    ...(options.mapIncomingString ? { mapString: options.mapIncomingString } : {}),
  };

  const traffic$ = new Subject<RpcTraffic>();
  const events$ = new Subject<RpcEvent>();
  const handlers = new Map<Action, Handler<Action>>();
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

  const calls = createOutgoingCalls({
    send,
    isOpen: () => socket.readyState === 1,
    newId,
    concurrency: options.concurrency ?? 1,
    validation,
    emit: (event) => events$.next(event),
  });

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
    const payload = options.prepareIncomingCall
      ? options.prepareIncomingCall(action, frame.payload)
      : frame.payload;
    const result = validateRequest(action, payload, validation);
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
    } else if (!calls.deliver(parsed.frame)) {
      events$.next({
        type: 'unexpectedResponse',
        frame: parsed.frame,
        late: calls.isLate(parsed.frame.id),
      });
    }
    if (problem) answerProblem(problem);
  };

  const onMessage = (data: RawData, isBinary: boolean): void => {
    // Frames still arriving after this side started closing are not processed.
    if (socket.readyState !== 1) return;
    // A bug or a resource limit while handling one frame must not take the process down
    // (an exception in a 'message' listener would be uncaught): report it instead.
    try {
      handleMessage(data, isBinary);
    } catch (error) {
      events$.next({ type: 'internalError', error });
    }
  };

  const handleMessage = (data: RawData, isBinary: boolean): void => {
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
    calls.close();
    socket.off('message', onMessage);
    traffic$.complete();
    events$.complete();
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
        calls.enqueue({
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
