/**
 * The 1.5 entry points of the shared validator (@evse/ocppj `validatePayload`): a payload
 * checked against the `.req`/`.conf` spec of a 1.5 action (`messages.ts`).
 */
import { type ValidateOptions, type ValidationResult, validatePayload } from '@evse/ocppj';
import { ACTIONS, type Action, type Confirmation, type Request } from './messages.js';

/** Validates an `<action>.req` payload. */
export function validateRequest<A extends Action>(
  action: A,
  payload: unknown,
  options?: ValidateOptions,
): ValidationResult<Request<A>> {
  return validatePayload(ACTIONS[action].req, payload, options);
}

/** Validates an `<action>.conf` payload. */
export function validateConfirmation<A extends Action>(
  action: A,
  payload: unknown,
  options?: ValidateOptions,
): ValidationResult<Confirmation<A>> {
  return validatePayload(ACTIONS[action].conf, payload, options);
}
