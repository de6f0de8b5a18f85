/** OCPP 1.5J as a version plugin of the central system (STEVE.md §1.8): the built-in one. */
import type { CentralSystemAction, Request } from '../wire/messages.js';
import { OCPP15 } from '../wire/messages.js';
import { steveShape } from './steve-shapes.js';
import type { CentralVersion } from './version.js';

/** The 1.5 plugin: SteVe's 1.5 business rules and its 1.5 payload shapes. */
export const CENTRAL_OCPP15: CentralVersion = {
  dialect: OCPP15,
  handlers: (ctx) => (chargeBoxId) => ctx.business.handlersFor(chargeBoxId),
  shapeOutgoing: (action, payload) =>
    steveShape(action as CentralSystemAction, payload as Request<CentralSystemAction>),
};
