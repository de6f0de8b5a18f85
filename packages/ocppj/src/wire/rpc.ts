/**
 * An OCPP-J RPC endpoint over one `ws` WebSocket, used by both the charge point and the
 * central system of every OCPP version: the version is a dialect (`dialect.ts`) giving the
 * action table the endpoint checks and validates against. Outgoing CALLs go through a queue (concurrency 1 by default, STEVE.md §5.1),
 * each with a fresh UUID id and its own timeout. Incoming CALLs are checked (frame, id,
 * action, payload) and dispatched to handlers; a bad CALL is answered with a CALLERROR, a bad
 * CALLRESULT/CALLERROR is only reported on `events$`, never answered (STYLE.md §2.9).
 */
import { randomUUID } from 'node:crypto';
import { type Observable, Subject } from 'rxjs';
import { type RawData, WebSocket } from 'ws';
import { type CallProblem, defaultCallError, problemId } from './call-problems.js';
import {
  type ActionOf,
  type ConfirmationOf,
  type Dialect,
  type Initiator,
  isSentBy,
  type RequestOf,
  validateConfirmationOf,
  validateRequestOf,
} from './dialect.js';
import { OcppCallError, OcppClosedError } from './errors.js';
import {
  type CallFrame,
  type FrameError,
  MESSAGE_TYPES,
  type OcppFrame,
  parseFrame,
  serializeFrame,
} from './frame.js';
import { OutgoingCalls } from './rpc-calls.js';
import type { RpcEvent, RpcTraffic } from './rpc-events.js';
import type {
  CallOptions,
  Handler,
  HandlerContext,
  RpcEndpoint,
  RpcEndpointOptions,
} from './rpc-types.js';
import { describeIssues, type ValidateOptions } from './validate.js';

export type {
  CallOptions,
  Handler,
  HandlerContext,
  RpcEndpoint,
  RpcEndpointOptions,
} from './rpc-types.js';

/**
 * Handlers kept in one shared table instead of one closure per endpoint: each gets the
 * `target` given to {@link RpcEndpointImpl.handleAll} (the charge point registers the same
 * fifteen handlers on every connection of every station).
 */
export type HandlerTable<D extends Dialect, T> = {
  readonly [A in ActionOf<D>]?: (
    target: T,
    payload: RequestOf<D, A>,
    context: HandlerContext,
  ) => ConfirmationOf<D, A> | Promise<ConfirmationOf<D, A>>;
};

/** Receives the traffic of an endpoint directly, without a subscription (internal). */
export interface TrafficSink {
  /** False when nobody would see the traffic: the record is then not even built. */
  wantsTraffic(): boolean;
  traffic(t: RpcTraffic): void;
}

const STRICT: ValidateOptions = Object.freeze({ mode: 'strict' });

type AnyHandler = (payload: unknown, context: HandlerContext) => unknown;
type AnyTableEntry = (target: unknown, payload: unknown, context: HandlerContext) => unknown;

// The endpoint listening on a socket: listeners are shared module functions, not closures.
const ENDPOINT = Symbol('ocppj.endpoint');
type EndpointSocket = WebSocket & { [ENDPOINT]?: RpcEndpointImpl<Dialect> };

function onSocketMessage(this: EndpointSocket, data: RawData, isBinary: boolean): void {
  this[ENDPOINT]?.onMessage(data, isBinary);
}
function onSocketClose(this: EndpointSocket): void {
  this[ENDPOINT]?.onClose();
}

/**
 * An RPC endpoint over an open `ws` WebSocket. A class, so thousands of endpoints share one
 * copy of each method; streams and lookup tables are created on first use.
 */
export class RpcEndpointImpl<D extends Dialect = Dialect> implements RpcEndpoint<D> {
  readonly #socket: WebSocket;
  readonly #options: RpcEndpointOptions<D>;
  /** The version spoken (also the outgoing queue's `dialect`). */
  readonly dialect: D;
  readonly #callTimeoutMs: number;
  readonly #calls: OutgoingCalls;
  /** Options for validating incoming payloads (shared by the outgoing queue). */
  readonly validation: ValidateOptions;
  readonly concurrency: number;
  #traffic$: Subject<RpcTraffic> | null = null;
  #events$: Subject<RpcEvent> | null = null;
  #sink: TrafficSink | null = null;
  #handlers: Map<string, AnyHandler> | null = null;
  #table: { readonly [action: string]: AnyTableEntry | undefined } | null = null;
  #target: unknown = undefined;
  #seenIds: Set<string> | null = null;
  #isClosed = false;

  constructor(socket: WebSocket, dialect: D, options: RpcEndpointOptions<D>) {
    const role = options.role;
    if (role !== 'chargePoint' && role !== 'centralSystem')
      throw new TypeError("options.role: must be 'chargePoint' or 'centralSystem'");
    if (options.concurrency !== undefined && !(options.concurrency >= 1))
      throw new TypeError('options.concurrency: must be at least 1');
    if (options.callTimeoutMs !== undefined && !(options.callTimeoutMs > 0))
      throw new TypeError('options.callTimeoutMs: must be a positive number of ms');
    this.#socket = socket;
    this.dialect = dialect;
    this.#options = options;
    this.#callTimeoutMs = options.callTimeoutMs ?? 30_000;
    this.concurrency = options.concurrency ?? 1;
    const mode = options.validation ?? 'strict';
    this.validation = options.mapIncomingString
      ? { mode, mapString: options.mapIncomingString }
      : mode === 'strict'
        ? STRICT
        : { mode };
    this.#calls = new OutgoingCalls(this);
    (socket as EndpointSocket)[ENDPOINT] = this as unknown as RpcEndpointImpl<Dialect>;
    socket.on('message', onSocketMessage);
    socket.once('close', onSocketClose);
  }

  get #peer(): Initiator {
    return this.#options.role === 'chargePoint' ? 'centralSystem' : 'chargePoint';
  }

  /** Every text/binary frame in (`rx`) and out (`tx`). Completes when the socket closes. */
  get traffic$(): Observable<RpcTraffic> {
    this.#traffic$ ??= this.#subject();
    return this.#traffic$.asObservable();
  }

  /** Problems and notable events. Completes when the socket closes. */
  get events$(): Observable<RpcEvent<ActionOf<D>>> {
    this.#events$ ??= this.#subject();
    return this.#events$.asObservable();
  }

  get readyState(): number {
    return this.#socket.readyState;
  }

  /** A stream created after the socket closed is complete at once, as it would have been. */
  #subject<T>(): Subject<T> {
    const s = new Subject<T>();
    if (this.#isClosed) s.complete();
    return s;
  }

  /** Hand every traffic record to `sink` as well (internal: the charge point's link). */
  setTrafficSink(sink: TrafficSink): void {
    this.#sink = sink;
  }

  /** Register every handler of `table`, called with `target` (internal). */
  handleAll<T>(table: HandlerTable<D, T>, target: T): void {
    this.#table = table as { readonly [action: string]: AnyTableEntry | undefined };
    this.#target = target;
  }

  #traffic(direction: 'tx' | 'rx', text: string, binary: boolean, frame?: OcppFrame): void {
    const subject = this.#traffic$;
    const sink = this.#sink;
    const toSubject = subject?.observed === true;
    const toSink = sink?.wantsTraffic() === true;
    if (!toSubject && !toSink) return; // nobody looks: don't build the record
    const t: RpcTraffic = frame
      ? { direction, text, binary, frame, at: new Date() }
      : { direction, text, binary, at: new Date() };
    if (toSubject) subject.next(t);
    if (toSink) sink.traffic(t);
  }

  /** Emit an event (internal; also the outgoing queue's `emit`). */
  emit(event: RpcEvent): void {
    (this.#events$ as Subject<RpcEvent> | null)?.next(event);
  }

  /** Whether the socket is open (the outgoing queue's `isOpen`). */
  isOpen(): boolean {
    return this.#socket.readyState === WebSocket.OPEN;
  }

  /** A fresh message id (the outgoing queue's `newId`). */
  newId(): string {
    return (this.#options.newId ?? randomUUID)();
  }

  /** Send a frame; answers to a closed socket are dropped (the outgoing queue's `send`). */
  send(frame: OcppFrame): void {
    if (this.#socket.readyState !== WebSocket.OPEN) return;
    const text = serializeFrame(frame);
    this.#socket.send(text);
    this.#traffic('tx', text, false, frame);
  }

  #answerProblem(problem: CallProblem): void {
    const reply = (this.#options.callErrorFor ?? defaultCallError)(problem);
    this.send({
      type: MESSAGE_TYPES.CALLERROR,
      id: problemId(problem),
      code: reply.code,
      description: reply.description,
      details: reply.details,
    });
    this.emit({ type: 'callErrorSent', problem, reply });
  }

  async #dispatch(id: string, action: string, payload: unknown): Promise<void> {
    const handler = this.#handlers?.get(action);
    const entry = handler ? undefined : this.#table?.[action];
    if (!handler && !entry) {
      this.#answerProblem({ kind: 'noHandler', id, action });
      return;
    }
    let conf: unknown;
    try {
      conf = handler
        ? await handler(payload, { messageId: id })
        : await (entry as AnyTableEntry)(this.#target, payload, { messageId: id });
    } catch (error) {
      if (error instanceof OcppCallError) {
        this.send({
          type: MESSAGE_TYPES.CALLERROR,
          id,
          code: error.code,
          description: error.message,
          details: error.details,
        });
        return;
      }
      this.emit({ type: 'handlerError', action, messageId: id, error });
      this.#answerProblem({ kind: 'handlerFailed', id, action, error });
      return;
    }
    // Never put an invalid .conf on the wire: answer InternalError instead and report it.
    const checked = validateConfirmationOf(this.dialect, action, conf);
    if (!checked.ok) {
      this.#answerProblem({ kind: 'invalidConfirmation', id, action, issues: checked.issues });
      return;
    }
    this.send({
      type: MESSAGE_TYPES.CALLRESULT,
      id,
      payload: checked.value as Record<string, unknown>,
    });
  }

  /** First sighting of an incoming CALL id: false for a duplicate. */
  #firstSeen(id: string): boolean {
    this.#seenIds ??= new Set();
    const seen = this.#seenIds;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  }

  // A CALL that failed frame parsing: which CALLERROR it gets (null: not a CALL, report only).
  #badCallProblem(e: FrameError): CallProblem | null {
    if (e.messageType !== MESSAGE_TYPES.CALL) return null;
    if (e.stage === 'id') return { kind: 'badId', message: e.message };
    if (e.id === undefined) return null;
    if (!this.#firstSeen(e.id)) return { kind: 'duplicateId', id: e.id };
    if (e.stage === 'action') return { kind: 'badAction', id: e.id, message: e.message };
    return {
      kind: 'badPayload',
      id: e.id,
      action: e.action ?? '',
      message: e.message,
      syntax: e.syntax === true,
    };
  }

  // A well-formed CALL: the problem that stops it, or null once it has been dispatched.
  #acceptCall(frame: CallFrame): CallProblem | null {
    const { id, action } = frame;
    if (!this.#firstSeen(id)) return { kind: 'duplicateId', id };
    // One Set lookup: the dialect's actions the peer sends (an unknown name is in neither).
    if (!isSentBy(this.dialect, action, this.#peer)) return { kind: 'unknownAction', id, action };
    const prepare = this.#options.prepareIncomingCall;
    const payload = prepare ? prepare(action as ActionOf<D>, frame.payload) : frame.payload;
    const result = validateRequestOf(this.dialect, action, payload, this.validation);
    if (!result.ok) return { kind: 'invalidPayload', id, action, issues: result.issues };
    if (result.unknownProperties.length > 0)
      this.emit({
        type: 'unknownProperties',
        action,
        messageId: id,
        paths: result.unknownProperties,
      });
    this.emit({ type: 'call', action, messageId: id, payload: result.value });
    void this.#dispatch(id, action, result.value);
    return null;
  }

  #onText(text: string): void {
    const parsed = parseFrame(text);
    this.#traffic('rx', text, false, parsed.ok ? parsed.frame : undefined);
    let problem: CallProblem | null = null;
    if (!parsed.ok) {
      this.emit({ type: 'badFrame', text, error: parsed.error });
      problem = this.#badCallProblem(parsed.error);
    } else if (parsed.frame.type === MESSAGE_TYPES.CALL) {
      problem = this.#acceptCall(parsed.frame);
    } else if (!this.#calls.deliver(parsed.frame)) {
      this.emit({
        type: 'unexpectedResponse',
        frame: parsed.frame,
        late: this.#calls.isLate(parsed.frame.id),
      });
    }
    if (problem) this.#answerProblem(problem);
  }

  /** A WebSocket message arrived (internal: the socket's listener). */
  onMessage(data: RawData, isBinary: boolean): void {
    // Frames still arriving after this side started closing are not processed.
    if (this.#socket.readyState !== WebSocket.OPEN) return;
    // A bug or a resource limit while handling one frame must not take the process down
    // (an exception in a 'message' listener would be uncaught): report it instead.
    try {
      if (isBinary) {
        const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
        this.#traffic('rx', `<binary ${size} bytes>`, true);
        this.emit({ type: 'binaryFrame', size });
        return;
      }
      this.#onText(
        Array.isArray(data)
          ? Buffer.concat(data).toString('utf8')
          : Buffer.from(data as ArrayBuffer).toString('utf8'),
      );
    } catch (error) {
      this.emit({ type: 'internalError', error });
    }
  }

  /** The socket closed (internal: the socket's listener). */
  onClose(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.#calls.close();
    this.#socket.off('message', onSocketMessage);
    this.#traffic$?.complete();
    this.#events$?.complete();
  }

  call<A extends ActionOf<D>>(
    action: A,
    payload: RequestOf<D, A>,
    callOptions: CallOptions = {},
  ): Promise<ConfirmationOf<D, A>> {
    const role = this.#options.role;
    if (typeof action !== 'string' || !isSentBy(this.dialect, action, role))
      return Promise.reject(new TypeError(`action: ${String(action)} is not sent by the ${role}`));
    let body: unknown = payload;
    if (!callOptions.skipValidation) {
      const checked = validateRequestOf(this.dialect, action, payload);
      if (!checked.ok)
        return Promise.reject(
          new TypeError(`payload: invalid ${action}.req: ${describeIssues(checked.issues)}`),
        );
      body = checked.value;
    }
    if (this.#isClosed) return Promise.reject(new OcppClosedError(action));
    return new Promise<ConfirmationOf<D, A>>((resolve, reject) => {
      this.#calls.enqueue({
        action,
        payload: body,
        timeoutMs: callOptions.timeoutMs ?? this.#callTimeoutMs,
        resolve: resolve as (conf: unknown) => void,
        reject,
      });
    });
  }

  handle<A extends ActionOf<D>>(action: A, handler: Handler<D, A>): void {
    const peer = this.#peer;
    if (typeof action !== 'string' || !isSentBy(this.dialect, action, peer))
      throw new TypeError(`action: ${String(action)} is not sent by the ${peer}`);
    this.#handlers ??= new Map();
    this.#handlers.set(action, handler as unknown as AnyHandler);
  }

  close(code?: number, reason?: string): void {
    this.#socket.close(code, reason);
  }
}

/** Creates an RPC endpoint speaking `dialect` over an open `ws` WebSocket. */
export function createRpcEndpoint<D extends Dialect>(
  socket: WebSocket,
  dialect: D,
  options: RpcEndpointOptions<D>,
): RpcEndpoint<D> {
  return new RpcEndpointImpl(socket, dialect, options);
}
