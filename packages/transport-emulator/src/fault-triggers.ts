/**
 * When an injected fault cause trips its fault in this emulator's control loop (firmware/loop.ts,
 * hooks.ts, physics.ts; RAPI.md §4.2, §4.9, §4.12). A cause injected while its condition is
 * absent waits: a GFCI cause trips only once current flows. Clients print these to say what
 * an injection will do (`evse ev fault`, AUDIT-2026-12.md #15).
 */
import type { EmulatorFaultKind } from './types.js';

export const FAULT_TRIGGERS: Readonly<Record<EmulatorFaultKind, string>> = {
  ventRequired: 'trips when the EV asks for charge (pilot D, RAPI.md §4.2)',
  diodeCheck: 'trips while the pilot is PWM with the EV plugged in',
  gfci: 'trips when current flows',
  noGround: 'trips 1 s after the relay closes',
  stuckRelay: 'trips after 1 s with the relay open',
  gfiSelfTest: 'trips at the next relay close (the self-test before it)',
  overTemperature: 'trips within a second of charging (the sensors read 50 °C hotter)',
  overCurrent: 'trips after 10 s of charging, on builds with over-current detection',
  relayClosure: 'trips at the next relay close',
};
