export type { OcppLabel } from './describe-ocpp.js';
export type {
  DeviceLike,
  EmulatorStationOptions,
  EmulatorStatusLike,
} from './emulator-sources.js';
export { emulatorStation, tapDevice } from './emulator-sources.js';
export type { DashboardHandler, DashboardHandlerOptions } from './handler.js';
export { createDashboardHandler } from './handler.js';
export type { HubOptions } from './hub.js';
export type { DashboardServer, ServeDashboardOptions } from './serve.js';
export { serveDashboard } from './serve.js';
export type {
  DashboardClaim,
  DashboardClaims,
  DashboardControls,
  DashboardLimit,
  DashboardMeter,
  DashboardOcppTraffic,
  DashboardRapiTraffic,
  DashboardSources,
  DashboardStatus,
  FleetRow,
} from './types.js';
export type {
  DashboardSnapshot,
  LastTransition,
  MeterPoint,
  OcppLine,
  RapiLine,
} from './wire-types.js';
