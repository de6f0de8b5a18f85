import type { ChargePointEngine } from '@evse/ocpp15/engine';
import type { Configuration16 } from './config.js';
import type { SmartCharging } from './smart.js';
import type { Version16 } from './version.js';

/** The 1.6 charge point's parts, the target of its handlers (internal). */
export interface Parts16 {
  /** The shared engine (@evse/ocpp15/engine): connector, reservations, maintenance, store. */
  readonly cp: ChargePointEngine;
  readonly version: Version16;
  readonly config: Configuration16;
  readonly smart: SmartCharging;
  /** StatusNotification for both connectors now (TriggerMessage). */
  publishStatus(): void;
}
