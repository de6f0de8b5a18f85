// The 1.6 central system's entry point, `@evse/ocpp16/central` (named exports only, STYLE.md
// §2.14): @evse/ocpp15's SteVe-like central system serving OCPP 1.6J and 1.5J on one endpoint.
export type {
  CentralStore,
  CentralSystemEvent,
  CentralTlsOptions,
  ConnectionInfo,
  ConnectorRecord,
  MeterValueRecord,
  StationRecord,
  TransactionRecord,
} from '@evse/ocpp15/central';
export { createMemoryStore, openSqliteStore } from '@evse/ocpp15/central';
export type { CentralSystem16, CentralSystem16Options } from './create.js';
export { createCentralSystem } from './create.js';
export type { Handlers16 } from './handlers16.js';
export { createOperatorHandler, OPERATOR_PATH } from './operator-http.js';
export { CENTRAL_OCPP16 } from './version16.js';
