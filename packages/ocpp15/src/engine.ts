// The OCPP-version-neutral charge point engine, for @evse/ocpp16 (not public API: the
// `./engine` export is internal to this repository; ocpp15's public API is src/index.ts).
export type { AuthSource } from './charge-point/auth.js';
export type { Configuration } from './charge-point/config.js';
export type { Ctx } from './charge-point/context.js';
export { isoNow, now, OWN_PAYLOAD, report, syncClock } from './charge-point/context.js';
export type { ChargePointEngine } from './charge-point/create.js';
export { createVersionedChargePoint } from './charge-point/create.js';
export type { HandlerDeps } from './charge-point/handlers.js';
export { HANDLERS as HANDLERS_15, remoteStartRefused } from './charge-point/handlers.js';
export { bootPayload } from './charge-point/link.js';
export type { SampleOptions } from './charge-point/meter-values.js';
export { sampledValues } from './charge-point/meter-values.js';
export { OCPP_CLIENT, OCPP_WAITING_CLAIM } from './charge-point/ocpp-claim.js';
export type {
  ChargePointVersion,
  StatusFacts,
  StatusReport,
  StopData,
} from './charge-point/version.js';
export { beginSample, VERSION_15 } from './charge-point/version.js';
export type { RpcEndpointImpl } from './wire/rpc.js';
