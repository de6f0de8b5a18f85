/** The public types of the shared connection loop (`link.ts`). */
import type { BehaviorSubject, Observable } from 'rxjs';
import type WebSocket from 'ws';
import type { TrafficSink } from '../wire/rpc.js';
import type { RpcTraffic } from '../wire/rpc-events.js';
import type { ReconnectOptions, SecurityOptions } from './connect.js';

/** The connection manager: connect, boot, heartbeat, reconnect. */
export interface Link {
  readonly state$: BehaviorSubject<0 | 1 | 2 | 3>;
  /** Every frame of every connection (created on first use). */
  readonly traffic$: Observable<RpcTraffic>;
  /** Restart the heartbeat timer (HeartBeatInterval changed). */
  heartbeatChanged(): void;
  /** Drop the connection, forget the boot (a Reset), reconnect at once. */
  reboot(): void;
  /**
   * Send BootNotification again now if the boot loop is waiting out a Pending or Rejected
   * interval on an open socket (a TriggerMessage for it, OCPP 1.6 §4.2, §5.17); else nothing.
   */
  bootNow(): void;
  close(): Promise<void>;
}

/** What the link reports. */
export type LinkEvent =
  /** `protocol`: the subprotocol the central system picked (`ocpp1.6`; RFC 6455 §4.2.2). */
  | { readonly type: 'connected'; readonly url: string; readonly protocol: string }
  | { readonly type: 'disconnected'; readonly code: number; readonly reason: string }
  | { readonly type: 'reconnecting'; readonly delayMs: number; readonly attempt: number }
  | { readonly type: 'error'; readonly error: Error };

/** The endpoint a version makes on each connection (its dialect's `RpcEndpointImpl`). */
export interface LinkEndpoint {
  readonly readyState: number;
  setTrafficSink(sink: TrafficSink): void;
}

/** The connection options a charge point of any version takes. */
export interface LinkOptions extends SecurityOptions {
  /** Central system base URL; the chargeBoxId is appended as the last path segment. */
  readonly url: string;
  readonly chargeBoxId: string;
  /** Reconnect back-off, or false to stay closed after a failure. @default {} */
  readonly reconnect?: ReconnectOptions | false;
  /** WebSocket handshake timeout, ms. @default 10000 */
  readonly handshakeTimeoutMs?: number;
}

/** While a version boots: wait (cut short when the socket closes), and whether to stop. */
export interface BootControl {
  /** Resolves after `ms` (any length), or at once when the socket closed or the link closes. */
  pause(ms: number): Promise<void>;
  /** True once the link is closing. */
  closed(): boolean;
}

/** What differs between versions: everything the link does with OCPP messages. */
export interface LinkVersion<E extends LinkEndpoint> {
  readonly opts: LinkOptions;
  /** The subprotocols offered, in order of preference. */
  readonly subprotocols: readonly string[];
  /** The version's endpoint on a freshly opened socket. */
  endpoint(ws: WebSocket): E;
  /** Register the CS→CP handlers on a new endpoint. */
  install(ep: E): void;
  /**
   * BootNotification until the central system accepts it; false when the socket went away
   * first. Throwing counts as false (the error is reported).
   */
  boot(ep: E, control: BootControl): Promise<boolean>;
  /** The endpoint is ready for requests (or null: it went away). */
  setReady(ep: E | null): void;
  /** After every accepted boot/reconnect: status, queue flush. */
  onReady(): void;
  /** The Heartbeat period, ms (0: none). */
  heartbeatMs(): number;
  /** Send one Heartbeat on `ep`. */
  heartbeat(ep: E): void;
  emit(event: LinkEvent): void;
}
