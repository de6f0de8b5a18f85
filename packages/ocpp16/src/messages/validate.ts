/**
 * The 1.6 entry points of the shared validator (@evse/ocppj `validatePayload`): a payload
 * checked against the `.req`/`.conf` spec of a 1.6 action (`actions.ts`).
 */
import { type ValidateOptions, type ValidationResult, validatePayload } from '@evse/ocppj';
import { ACTIONS, type Action, type Confirmation, type Request } from './actions.js';

/** Validates an `<action>.req` payload (1.6). */
export function validateRequest16<A extends Action>(
  action: A,
  payload: unknown,
  options?: ValidateOptions,
): ValidationResult<Request<A>> {
  return validatePayload(ACTIONS[action].req, payload, options);
}

/** Validates an `<action>.conf` payload (1.6). */
export function validateConfirmation16<A extends Action>(
  action: A,
  payload: unknown,
  options?: ValidateOptions,
): ValidationResult<Confirmation<A>> {
  return validatePayload(ACTIONS[action].conf, payload, options);
}
