/**
 * The 1.6 entry points of the shared validator: a payload checked against the `.req`/`.conf`
 * spec of a 1.6 action, through @evse/ocppj's dialect helpers (`dialect.ts`).
 */
import {
  type ValidateOptions,
  type ValidationResult,
  validateConfirmationOf,
  validateRequestOf,
} from '@evse/ocppj';
import type { Action, Confirmation, Request } from './actions.js';
import { OCPP16 } from './dialect.js';

/** Validates an `<action>.req` payload (1.6). */
export const validateRequest16 = <A extends Action>(
  action: A,
  payload: unknown,
  options?: ValidateOptions,
): ValidationResult<Request<A>> => validateRequestOf(OCPP16, action, payload, options);

/** Validates an `<action>.conf` payload (1.6). */
export const validateConfirmation16 = <A extends Action>(
  action: A,
  payload: unknown,
  options?: ValidateOptions,
): ValidationResult<Confirmation<A>> => validateConfirmationOf(OCPP16, action, payload, options);
