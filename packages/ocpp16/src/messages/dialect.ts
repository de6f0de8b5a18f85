/** OCPP 1.6J as an @evse/ocppj dialect: the 1.6 action table under subprotocol `ocpp1.6`. */
import { defineDialect } from '@evse/ocppj';
import { ACTIONS, SUBPROTOCOL_16 } from './actions.js';

/** The 1.6 dialect, for ocppj's generic RPC endpoint (`createRpcEndpoint(ws, OCPP16, …)`). */
export const OCPP16 = defineDialect(SUBPROTOCOL_16, ACTIONS);
/** Its type. */
export type Ocpp16Dialect = typeof OCPP16;
