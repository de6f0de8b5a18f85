import type { Transport } from '@evse/core';
import type { Observable } from 'rxjs';
import type { SerialTransportError } from './errors.js';

/**
 * The link state, for the CLI to show. `attempt` counts reconnect attempts since the last
 * loss (0 = the initial open).
 */
export type ConnectionEvent =
  /** The link is open; writes go through. */
  | { readonly state: 'open'; readonly attempt: number; readonly at: Date }
  /** The link went away; writes reject with `LOST` until it is back. */
  | { readonly state: 'lost'; readonly error: SerialTransportError; readonly at: Date }
  /** Attempt `attempt` will run after `delayMs`; `lastError` is why the previous one failed. */
  | {
      readonly state: 'reconnecting';
      readonly attempt: number;
      readonly delayMs: number;
      readonly lastError: SerialTransportError | null;
      readonly at: Date;
    }
  /** Final: closed by `close()` (`error` null) or lost for good (`error` says why). */
  | { readonly state: 'closed'; readonly error: SerialTransportError | null; readonly at: Date };

/** Emitted after a lost link is open again: time for the host to resync (`$GS`). */
export interface ReconnectedEvent {
  /** Which attempt succeeded (1-based). */
  readonly attempt: number;
  /** Milliseconds between the loss and the reopen. */
  readonly downtimeMs: number;
  readonly at: Date;
}

/**
 * A `Transport` over a link that can be lost and reopened (serial port, TCP socket). The object
 * survives unplug/replug; `data$` completes only when the transport is finally closed.
 */
export interface ReconnectingTransport extends Transport {
  /** `/dev/ttyUSB0` or `tcp://host:port`: what this transport talks to. */
  readonly endpoint: string;
  /** Link state changes; replays the current state to new subscribers; completes on close. */
  readonly connection$: Observable<ConnectionEvent>;
  /** The current link state. */
  readonly connection: ConnectionEvent;
  /** One event per successful reconnect; completes on close. */
  readonly reconnected$: Observable<ReconnectedEvent>;
}
