/**
 * Version plugins of the central system. SteVe serves every OCPP-J version on one endpoint
 * and lets the WebSocket subprotocol decide the message set of a session (STEVE.md §1.1,
 * §1.2); here a version is a plugin: its dialect (subprotocol + action table), the handlers
 * of its CP→CS messages over the shared business rules and store, and SteVe's shapes for its
 * outgoing CALLs. 1.5 is built in (`version15.ts`); `@evse/ocpp16/central` adds 1.6 without
 * this package knowing about it.
 */
import type { Dialect } from '@evse/ocppj';
import type { Business } from './business.js';
import type { RegistrationSetting } from './options.js';

/** A handler of one CP→CS action: the validated `.req` in, the `.conf` out. */
// biome-ignore lint/suspicious/noExplicitAny: each version types its own payloads
export type CentralHandler = (payload: any) => unknown;

/** What a version's handlers work with (one per central system). */
export interface CentralVersionContext {
  /** SteVe's business rules over the store; `handlersFor(id)` are the 1.5 handlers. */
  readonly business: Business;
  /** The configured BootNotification answer of a station (before any version mapping). */
  readonly registrationStatus: (chargeBoxId: string) => RegistrationSetting;
  readonly heartbeatIntervalSec: number;
  readonly now: () => Date;
  /** Dates as SteVe writes them (its JVM offset, STEVE.md §1.7). */
  readonly formatDate: (date: Date) => string;
}

/** One OCPP-J version the central system serves. */
export interface CentralVersion {
  /** Its subprotocol and action table; every frame of its sessions is judged by it. */
  readonly dialect: Dialect;
  /** Binds the handlers once; the result gives one station's handlers per session. */
  handlers(
    ctx: CentralVersionContext,
  ): (chargeBoxId: string) => Readonly<Record<string, CentralHandler>>;
  /** SteVe's shape of an outgoing CALL payload (STEVE.md §1.6); identity when absent. */
  readonly shapeOutgoing?: (action: string, payload: unknown) => unknown;
}
