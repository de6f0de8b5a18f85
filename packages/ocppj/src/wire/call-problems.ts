/**
 * Why an incoming CALL could not be handled, and the default CALLERROR for each reason
 * (OCPP-J 1.6 §4.2.3 codes, which SteVe also uses for 1.5J, STEVE.md §5.1). A central
 * system that must imitate SteVe passes its own mapping (see `central/steve-errors.ts`).
 */

import type { OcppErrorCode } from './errors.js';
import type { ValidationIssue } from './validate.js';

/** A CALL this endpoint answers with a CALLERROR instead of dispatching it. */
export type CallProblem =
  /** The id is missing, empty or not a string. */
  | { readonly kind: 'badId'; readonly message: string }
  /** The id was already used by the peer on this connection (STEVE.md §5.1). */
  | { readonly kind: 'duplicateId'; readonly id: string }
  /** The action is not a string. */
  | { readonly kind: 'badAction'; readonly id: string; readonly message: string }
  /** The payload is not valid JSON (`syntax`) or not a JSON object. */
  | {
      readonly kind: 'badPayload';
      readonly id: string;
      readonly action: string;
      readonly message: string;
      readonly syntax: boolean;
    }
  /** The action is not one of the dialect's actions that this side accepts. */
  | { readonly kind: 'unknownAction'; readonly id: string; readonly action: string }
  /** The action is known but no handler is registered. */
  | { readonly kind: 'noHandler'; readonly id: string; readonly action: string }
  /** The payload fails validation against the action's .req. */
  | {
      readonly kind: 'invalidPayload';
      readonly id: string;
      readonly action: string;
      readonly issues: readonly ValidationIssue[];
    }
  /** The handler threw something other than an OcppCallError. */
  | {
      readonly kind: 'handlerFailed';
      readonly id: string;
      readonly action: string;
      readonly error: unknown;
    }
  /** The handler returned a payload that fails validation against the action's .conf. */
  | {
      readonly kind: 'invalidConfirmation';
      readonly id: string;
      readonly action: string;
      readonly issues: readonly ValidationIssue[];
    };

/** The fields of a CALLERROR to send. */
export interface CallErrorReply {
  readonly code: OcppErrorCode;
  readonly description: string;
  readonly details: Record<string, unknown>;
}

/** The id a CALLERROR for `problem` repeats (`""` when the CALL had no usable id). */
export const problemId = (problem: CallProblem): string =>
  problem.kind === 'badId' ? '' : problem.id;

/** The OCPP-J 1.6 code for the first validation issue (§4.2.3: occurrence, type, property). */
export function codeForIssues(issues: readonly ValidationIssue[]): OcppErrorCode {
  const kind = issues[0]?.kind;
  if (kind === 'required' || kind === 'minItems') return 'OccurenceConstraintViolation';
  if (kind === 'type' || kind === 'format') return 'TypeConstraintViolation';
  if (kind === 'additional') return 'FormationViolation';
  return 'PropertyConstraintViolation';
}

/** The generic mapping of problems to CALLERRORs, used unless an endpoint is given another. */
export function defaultCallError(problem: CallProblem): CallErrorReply {
  switch (problem.kind) {
    case 'badId':
      return { code: 'FormationViolation', description: problem.message, details: {} };
    case 'duplicateId':
      return {
        code: 'ProtocolError',
        description: `message id ${problem.id} was already used`,
        details: {},
      };
    case 'badAction':
      return { code: 'FormationViolation', description: problem.message, details: {} };
    case 'badPayload':
      return { code: 'FormationViolation', description: problem.message, details: {} };
    case 'unknownAction':
      return {
        code: 'NotImplemented',
        description: `unknown action ${problem.action}`,
        details: {},
      };
    case 'noHandler':
      return {
        code: 'NotSupported',
        description: `${problem.action} is not supported`,
        details: {},
      };
    case 'invalidPayload':
      return {
        code: codeForIssues(problem.issues),
        description: problem.issues.map((i) => i.message).join('; '),
        details: {},
      };
    case 'handlerFailed':
    case 'invalidConfirmation':
      return {
        code: 'InternalError',
        description: `${problem.action} could not be processed`,
        details: {},
      };
  }
}
