// The central system's own entry point, `@evse/ocpp15/central` (named exports only, STYLE.md
// §2.14): the SteVe-like central system and its stores, without the charge point. SteVe's
// helpers (error texts, JSON escaping) stay internal here; the root entry still exports them.

export type { Business as CentralBusiness } from './business.js';
export type { CentralSystem } from './central-system.js';
export { createCentralSystem } from './central-system.js';
export type {
  CentralSystemEvent,
  CentralSystemOptions,
  CentralTlsOptions,
  ConnectionInfo,
  RegistrationSetting,
} from './options.js';
export type {
  ConnectorRecord,
  MeterValueRecord,
  StationRecord,
  TagSpec,
  Totals,
  TransactionRecord,
  UnknownStation,
} from './records.js';
export type { ReservationRecord } from './reservations.js';
export { openSqliteStore } from './sqlite-store.js';
export type { CentralStore, MemoryStoreOptions } from './store.js';
export { createMemoryStore } from './store.js';
export type { CentralHandler, CentralVersion, CentralVersionContext } from './version.js';
export { CENTRAL_OCPP15 } from './version15.js';
