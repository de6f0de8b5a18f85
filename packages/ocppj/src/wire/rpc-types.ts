/** The public types of the RPC endpoint (`rpc.ts`), generic over the dialect (`dialect.ts`). */
import type { Observable } from 'rxjs';
import type { CallErrorReply, CallProblem } from './call-problems.js';
import type { ActionOf, ConfirmationOf, Dialect, Initiator, RequestOf } from './dialect.js';
import type { RpcEvent, RpcTraffic } from './rpc-events.js';

/** Options of `createRpcEndpoint`. */
export interface RpcEndpointOptions<D extends Dialect = Dialect> {
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
   * Rewrites every string of an incoming CALL/CALLRESULT payload that the action's spec knows,
   * before validation (the central system passes SteVe's HTML escaping, STEVE.md §1.7).
   * @default identity
   */
  readonly mapIncomingString?: (text: string) => string;
  /**
   * Rewrites the payload of each incoming CALL before validation (the central system passes
   * SteVe's Jackson coercions, STEVE.md §1.7). @default identity
   */
  readonly prepareIncomingCall?: (action: ActionOf<D>, payload: unknown) => unknown;
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

/** Answers an incoming CALL of action `A`; throw an `OcppCallError` to answer with a CALLERROR. */
export type Handler<D extends Dialect, A extends ActionOf<D>> = (
  payload: RequestOf<D, A>,
  context: HandlerContext,
) => ConfirmationOf<D, A> | Promise<ConfirmationOf<D, A>>;

/**
 * An OCPP-J endpoint bound to one open WebSocket, speaking dialect `D`. Its role decides what
 * it may send; the types allow every action of the dialect and the endpoint refuses the
 * other side's at run time (a `TypeError`).
 */
export interface RpcEndpoint<D extends Dialect = Dialect> {
  /** Sends a CALL (queued) and resolves with the validated confirmation. */
  call<A extends ActionOf<D>>(
    action: A,
    payload: RequestOf<D, A>,
    options?: CallOptions,
  ): Promise<ConfirmationOf<D, A>>;
  /** Registers the handler for incoming CALLs of `action` (replacing any earlier one). */
  handle<A extends ActionOf<D>>(action: A, handler: Handler<D, A>): void;
  /** Every text/binary frame in (`rx`) and out (`tx`). Completes when the socket closes. */
  readonly traffic$: Observable<RpcTraffic>;
  /** Problems and notable events (bad frames, unexpected responses, CALLERRORs sent, …). */
  readonly events$: Observable<RpcEvent<ActionOf<D>>>;
  /** The socket's readyState (0 CONNECTING, 1 OPEN, 2 CLOSING, 3 CLOSED). */
  readonly readyState: number;
  /** Closes the WebSocket; pending and queued calls fail with OcppClosedError. */
  close(code?: number, reason?: string): void;
}
