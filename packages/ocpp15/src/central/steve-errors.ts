/**
 * SteVe's reactions to bad input, transcribed from STEVE.md §1.5 (SteVe ≥3.12 behaviour,
 * `ocpp/ws/pipeline/Deserializer.java`, `ocpp/ws/ErrorFactory.java`): which CALLERROR a bad
 * CALL gets, and which endpoint events make SteVe drop the socket.
 */

import type { CallErrorReply, CallProblem, RpcEvent, ValidationIssue } from '@evse/ocppj';

/** SteVe's `errorMsg` texts for bean/Jackson validation failures (≥3.11, STEVE.md §1.5). */
export const STEVE_ERROR_MSG = {
  cannotUnderstand: 'Invalid payload value (cannot understand one field)',
  constraints: 'Violation of field constraints',
} as const;

// Jackson deserialisation runs first and fails on the first field it cannot read (wrong type,
// unknown enum literal, unparsable date, int overflow, null primitive); only a payload that
// deserialises reaches bean validation (required/maxLength/min-size), STEVE.md §1.7.
const errorMsgFor = (issues: readonly ValidationIssue[]): string =>
  issues.some(
    (i) => i.kind === 'type' || i.kind === 'enum' || i.kind === 'format' || i.kind === 'range',
  )
    ? STEVE_ERROR_MSG.cannotUnderstand
    : STEVE_ERROR_MSG.constraints;

/** The CALLERROR SteVe sends for each kind of bad CALL (STEVE.md §1.5 table). */
export function steveCallError(problem: CallProblem): CallErrorReply {
  switch (problem.kind) {
    case 'badId':
      return {
        code: 'FormationViolation',
        description: 'The messageId of CALL must be a non-empty string',
        details: {},
      };
    case 'duplicateId':
      // ≥3.12: ids are tracked per session (STEVE.md §1.5); the text is ours, SteVe's is not documented.
      return {
        code: 'ProtocolError',
        description: `The messageId '${problem.id}' was already used in this session`,
        details: {},
      };
    case 'badAction':
      return {
        code: 'GenericError',
        description: 'The action of the CALL could not be read',
        details: {},
      };
    case 'badPayload':
      // Syntax errors are FormationViolation; valid JSON of the wrong shape (an array, a
      // number, nothing) fails Jackson mapping like a wrong field type does.
      return problem.syntax
        ? {
            code: 'FormationViolation',
            description: 'The payload for action could not be deserialized',
            details: {},
          }
        : {
            code: 'PropertyConstraintViolation',
            description: 'Message validation failed',
            details: { errorMsg: STEVE_ERROR_MSG.cannotUnderstand },
          };
    case 'unknownAction':
    case 'noHandler':
      return {
        code: 'NotImplemented',
        description: `The action '${problem.action}' you are looking for is not found`,
        details: {},
      };
    case 'invalidPayload':
      return {
        code: 'PropertyConstraintViolation',
        description: 'Message validation failed',
        details: { errorMsg: errorMsgFor(problem.issues) },
      };
    case 'handlerFailed':
    case 'invalidConfirmation':
      // Since 3.14.1 without exception text in the details.
      return {
        code: 'InternalError',
        description: 'Internal services failed while processing of the payload',
        details: {},
      };
  }
}

/** Trims a close reason to the 123 bytes a WebSocket close frame allows. */
export function closeReason(text: string): string {
  let out = text;
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}

/** A socket close SteVe performs in reaction to an event, or null when it keeps the session. */
export interface SteveClose {
  readonly code: number;
  readonly reason: string;
}

/**
 * Events after which SteVe closes the session (STEVE.md §1.4, §1.5): unreadable frames,
 * unknown message types, bad/unexpected/late responses and unknown CALLERROR codes escape the
 * handler → 1011; binary frames → 1003. Empty text frames are ignored.
 */
export function steveCloseFor(event: RpcEvent): SteveClose | null {
  switch (event.type) {
    case 'binaryFrame':
      return { code: 1003, reason: 'Binary messages not supported' };
    case 'badFrame':
      if (event.text === '') return null; // logged and ignored (STEVE.md §1.4)
      if (event.error.messageType === 2) return null; // answered with a CALLERROR instead
      return { code: 1011, reason: closeReason(event.error.message) };
    case 'unexpectedResponse':
      return {
        code: 1011,
        reason: closeReason(event.late ? 'late response' : `no outstanding CALL ${event.frame.id}`),
      };
    case 'invalidResponse':
      return { code: 1011, reason: `invalid ${event.action}.conf` };
    case 'internalError':
      // an exception escaping SteVe's handler ends the session the same way
      return { code: 1011, reason: 'internal error' };
    case 'unknownErrorCode':
      return { code: 1011, reason: closeReason(`unknown error code ${event.frame.code}`) };
    default:
      return null;
  }
}
