export { createRealClock, createVirtualClock } from './clock.js';
export { createEmulator } from './emulator.js';
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
