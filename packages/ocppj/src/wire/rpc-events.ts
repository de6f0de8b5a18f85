/**
 * What an RPC endpoint reports: its traffic, and everything it did not simply dispatch.
 * Libraries emit, they never log (STYLE.md §2.10); the central system turns some of these
 * events into SteVe's socket closes (STEVE.md §1.5).
 */

import type { CallErrorReply, CallProblem } from './call-problems.js';
import type { CallErrorFrame, CallResultFrame, FrameError, OcppFrame } from './frame.js';
import type { ValidationIssue } from './validate.js';

/** One WebSocket message in (`rx`) or out (`tx`). */
export interface RpcTraffic {
  readonly direction: 'tx' | 'rx';
  /** The text as sent/received (`<binary N bytes>` for binary frames). */
  readonly text: string;
  /** True for a binary WebSocket frame. */
  readonly binary: boolean;
  /** The parsed frame, when the text is a valid OCPP-J frame. */
  readonly frame?: OcppFrame;
  readonly at: Date;
}

/** An event of an RPC endpoint; `A` is the dialect's action names (`ActionOf<D>`). */
export type RpcEvent<A extends string = string> =
  /** A valid incoming CALL, about to be dispatched. */
  | {
      readonly type: 'call';
      readonly action: A;
      readonly messageId: string;
      readonly payload: unknown;
    }
  /** A text frame that is not a valid OCPP-J frame (CALL problems are also answered). */
  | { readonly type: 'badFrame'; readonly text: string; readonly error: FrameError }
  /** A binary WebSocket frame (OCPP-J is text only). */
  | { readonly type: 'binaryFrame'; readonly size: number }
  /** A CALLRESULT/CALLERROR for no outstanding CALL; `late` when it answers a timed-out one. */
  | {
      readonly type: 'unexpectedResponse';
      readonly frame: CallResultFrame | CallErrorFrame;
      readonly late: boolean;
    }
  /** A CALLRESULT whose payload fails the action's .conf validation (the call fails). */
  | {
      readonly type: 'invalidResponse';
      readonly action: A;
      readonly frame: CallResultFrame;
      readonly issues: readonly ValidationIssue[];
    }
  /** A CALLERROR whose code is not an OCPP-J code (the call fails with GenericError). */
  | { readonly type: 'unknownErrorCode'; readonly frame: CallErrorFrame }
  /** Properties the validator ignored in `steve` mode (a real CP should not send them). */
  | {
      readonly type: 'unknownProperties';
      readonly action: A;
      readonly messageId: string;
      readonly paths: readonly string[];
    }
  /** This endpoint answered an incoming CALL with a CALLERROR. */
  | {
      readonly type: 'callErrorSent';
      readonly problem: CallProblem;
      readonly reply: CallErrorReply;
    }
  /** Handling an incoming frame failed unexpectedly (nothing was answered). */
  | { readonly type: 'internalError'; readonly error: unknown }
  /** A handler threw something other than an OcppCallError. */
  | {
      readonly type: 'handlerError';
      readonly action: A;
      readonly messageId: string;
      readonly error: unknown;
    };
