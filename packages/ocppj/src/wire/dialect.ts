/**
 * An OCPP-J dialect: what one OCPP version puts on the shared wire machinery. It is the
 * version's action table (name → who sends it, `.req` spec, `.conf` spec, written in the
 * spec language of `schema.ts`) and the WebSocket subprotocol it is spoken under
 * (`ocpp1.5`, `ocpp1.6`; OCPP-J 1.6 §3.1.2). The RPC endpoint is generic over it, and the
 * payload types of every action are inferred from the table (`RequestOf`, `ConfirmationOf`),
 * so a version states its messages once.
 */
import type { Infer, ObjectSpec, PropSpec } from './schema.js';
import { type ValidateOptions, type ValidationResult, validatePayload } from './validate.js';

/** Who initiates an action. */
export type Initiator = 'chargePoint' | 'centralSystem';

/** One row of an action table. */
export interface ActionDef {
  /** The side(s) that send the CALL. */
  readonly from: readonly Initiator[];
  /** The `.req` payload. */
  readonly req: ObjectSpec<Record<string, PropSpec>>;
  /** The `.conf` payload. */
  readonly conf: ObjectSpec<Record<string, PropSpec>>;
}

/** A version's action table: action name → {@link ActionDef}. */
export type ActionTable = { readonly [action: string]: ActionDef };

/** A version of OCPP-J, made by {@link defineDialect}. */
export interface Dialect<T extends ActionTable = ActionTable> {
  /** The WebSocket subprotocol (`ocpp1.5`, `ocpp1.6`). */
  readonly subprotocol: string;
  /** The action table, as given. */
  readonly actions: T;
  /** The actions each side may send, precomputed: one Set lookup per incoming CALL. */
  readonly sentBy: { readonly [I in Initiator]: ReadonlySet<string> };
}

/** Every action name of a dialect. */
export type ActionOf<D extends Dialect> = keyof D['actions'] & string;
/** The `.req` payload type of action `A` of dialect `D`. */
export type RequestOf<D extends Dialect, A extends ActionOf<D>> = Infer<D['actions'][A]['req']>;
/** The `.conf` payload type of action `A` of dialect `D`. */
export type ConfirmationOf<D extends Dialect, A extends ActionOf<D>> = Infer<
  D['actions'][A]['conf']
>;
/** The actions of `D` that `I` sends. */
export type SentBy<D extends Dialect, I extends Initiator> = {
  [A in ActionOf<D>]: I extends D['actions'][A]['from'][number] ? A : never;
}[ActionOf<D>];

/**
 * Makes a dialect from a subprotocol and an action table written `as const satisfies
 * ActionTable` (so that `Infer` sees the literal specs).
 */
export function defineDialect<const T extends ActionTable>(
  subprotocol: string,
  actions: T,
): Dialect<T> {
  const chargePoint = new Set<string>();
  const centralSystem = new Set<string>();
  for (const [name, def] of Object.entries(actions)) {
    if (def.from.includes('chargePoint')) chargePoint.add(name);
    if (def.from.includes('centralSystem')) centralSystem.add(name);
  }
  return Object.freeze({ subprotocol, actions, sentBy: { chargePoint, centralSystem } });
}

/** True when `name` is an action of `dialect` (exact, case-sensitive). */
export const isActionOf = <D extends Dialect>(dialect: D, name: string): name is ActionOf<D> =>
  Object.hasOwn(dialect.actions, name);

/** True when `initiator` may send a CALL for `action` in `dialect`. */
export const isSentBy = (dialect: Dialect, action: string, initiator: Initiator): boolean =>
  dialect.sentBy[initiator].has(action);

/** Validates an `<action>.req` payload of `dialect`. */
export function validateRequestOf<D extends Dialect, A extends ActionOf<D>>(
  dialect: D,
  action: A,
  payload: unknown,
  options?: ValidateOptions,
): ValidationResult<RequestOf<D, A>> {
  return validatePayload((dialect.actions[action] as ActionDef).req, payload, options);
}

/** Validates an `<action>.conf` payload of `dialect`. */
export function validateConfirmationOf<D extends Dialect, A extends ActionOf<D>>(
  dialect: D,
  action: A,
  payload: unknown,
  options?: ValidateOptions,
): ValidationResult<ConfirmationOf<D, A>> {
  return validatePayload((dialect.actions[action] as ActionDef).conf, payload, options);
}
