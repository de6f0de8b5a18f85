/**
 * The OCPP 1.6J action table: for each of the 28 operations (DataTransfer is one pair used in
 * both directions, so 29 action/direction pairs) who may send it and the request and
 * confirmation payload shapes, as the official 1.6 JSON schemas define them (rows in
 * `cp-actions.ts` and `cs-actions.ts`). Types are inferred from the table; the security
 * extension's operations (SignCertificate, …) are not part of it.
 */
import { ACTIONS as ACTIONS_15 } from '@evse/ocpp15';
import {
  type ActionDef,
  type ActionOf,
  type ConfirmationOf,
  type Dialect,
  type Initiator,
  obj,
  opt,
  type RequestOf,
  req,
  type SentBy,
  str,
} from '@evse/ocppj';
import { CP_ACTIONS } from './cp-actions.js';
import { CS_ACTIONS } from './cs-actions.js';

/** The WebSocket subprotocol of OCPP 1.6J (STEVE.md §1.2). */
export const SUBPROTOCOL_16 = 'ocpp1.6';

/** Who initiates an action, and one row of the table: @evse/ocppj's dialect types. */
export type { ActionDef, Initiator } from '@evse/ocppj';

/** The OCPP 1.6J action table (data only), sorted by name. */
export const ACTIONS = {
  ...CP_ACTIONS,
  ...CS_ACTIONS,
  DataTransfer: {
    from: ['chargePoint', 'centralSystem'],
    // 1.6 bounds vendorId (CiString255) and messageId (CiString50); the answer is as in 1.5.
    req: obj({ vendorId: req(str(255)), messageId: opt(str(50)), data: opt(str()) }),
    conf: ACTIONS_15.DataTransfer.conf,
  },
} as const satisfies Record<string, ActionDef>;

/** The table as an @evse/ocppj dialect type: every type below is ocppj's generic one over it. */
type Table16 = Dialect<typeof ACTIONS>;
/** Every OCPP 1.6 action name. */
export type Action = ActionOf<Table16>;
/** All action names, sorted. */
export const ACTION_NAMES = (Object.keys(ACTIONS) as Action[]).sort();
/** Actions a charge point sends (CP → CS). */
export type ChargePointAction = SentBy<Table16, 'chargePoint'>;
/** Actions a central system sends (CS → CP). */
export type CentralSystemAction = SentBy<Table16, 'centralSystem'>;
/** The request payload of action `A`. */
export type Request<A extends Action> = RequestOf<Table16, A>;
/** The confirmation payload of action `A`. */
export type Confirmation<A extends Action> = ConfirmationOf<Table16, A>;

/** True when `name` is an OCPP 1.6 action (exact, case-sensitive; STEVE.md §5.1). */
export const isAction = (name: string): name is Action => Object.hasOwn(ACTIONS, name);
/** True when `initiator` may send a CALL for `action`. */
export const sentBy = (action: Action, initiator: Initiator): boolean =>
  (ACTIONS[action].from as readonly Initiator[]).includes(initiator);
