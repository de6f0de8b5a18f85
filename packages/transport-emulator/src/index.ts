export { createRealClock, createVirtualClock } from './clock.js';
export type { ControlApiServer, ServeControlApiOptions } from './control-api.js';
export { serveControlApi } from './control-api.js';
export type { ControlApiErrorCode } from './control-api-requests.js';
export { createEmulator } from './emulator.js';
export type { ExposureErrorCode } from './exposure-errors.js';
export { ExposureError } from './exposure-errors.js';
export { FAULT_TRIGGERS } from './fault-triggers.js';
export type { PtyServer, ServePtyOptions } from './serve-pty.js';
export { servePty } from './serve-pty.js';
export type { ServeTcpOptions, TcpClientEvent, TcpServer } from './serve-tcp.js';
export { serveTcp } from './serve-tcp.js';
export type {
  DevicePort,
  Emulator,
  EmulatorClock,
  EmulatorControl,
  EmulatorFaultKind,
  EmulatorOptions,
  EmulatorProfile,
  EmulatorStatus,
  EmulatorVariant,
  EvSettings,
  VirtualClock,
  WireFaultOptions,
  WireFaults,
} from './types.js';
