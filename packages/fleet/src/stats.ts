import type { OcppFrame } from '@evse/ocpp15';

/**
 * OCPP frames by direction (`tx` sent by the stations, `rx` received) and kind: a CALL by its
 * action (`BootNotification`), an answer as `CallResult` or `CallError` (an answer frame does
 * not name its action, STEVE.md §5.1), a frame that did not parse as `Invalid`.
 */
export type MessageCounts = Record<'tx' | 'rx', Record<string, number>>;

/** Counters the whole fleet shares (one object, mutated by every station; no per-station streams). */
export interface FleetStats {
  /** Stations this process runs (its shard). */
  stations: number;
  /** Stacks created (emulator → Station → charge point). */
  created: number;
  /** WebSockets open now. */
  connected: number;
  /** Stations whose BootNotification was Accepted (counted once per station). */
  booted: number;
  /** Stations in state C now. */
  charging: number;
  transactionsStarted: number;
  transactionsStopped: number;
  /** Sessions a driver ran to the end (plug-in … unplug). */
  sessionsCompleted: number;
  /** Stations that finished all their scenario sessions. */
  stationsFinished: number;
  faultsInjected: number;
  /** Authorizations the central system refused. */
  rejected: number;
  /** Connection attempts that failed (refused, handshake timeout); the charge point retries. */
  connectFailures: number;
  /** Why the last connection attempt failed, in words (`connectCause`). */
  lastConnectError: string | null;
  /** The last Authorize the central system refused (`Authorize TAG: Invalid`). */
  lastRejection: string | null;
  /** Charge point errors and driver steps that failed (connection failures excluded). */
  errors: number;
  /** The last error, for the live line. */
  lastError: string | null;
  /** OCPP frames sent and received by all charge points. */
  messages: number;
  /** The same frames by direction and action. */
  readonly messagesByAction: MessageCounts;
  /** Σ (meterStop − meterStart) over stopped transactions, Wh: what the stations report. */
  energyWh: number;
}

/** Fresh zeroed counters for `stations` stations. */
export function createStats(stations: number): FleetStats {
  return {
    stations,
    created: 0,
    connected: 0,
    booted: 0,
    charging: 0,
    transactionsStarted: 0,
    transactionsStopped: 0,
    sessionsCompleted: 0,
    stationsFinished: 0,
    faultsInjected: 0,
    rejected: 0,
    connectFailures: 0,
    lastConnectError: null,
    lastRejection: null,
    errors: 0,
    lastError: null,
    messages: 0,
    messagesByAction: { tx: {}, rx: {} },
    energyWh: 0,
  };
}

/** The label a frame is counted under in {@link MessageCounts} (also by `evse bridge`'s metrics). */
export function messageKind(frame: OcppFrame | undefined): string {
  if (frame === undefined) return 'Invalid';
  if (frame.type === 2) return frame.action;
  return frame.type === 3 ? 'CallResult' : 'CallError';
}

/** Count one frame in `stats.messagesByAction`. */
export function countMessage(
  stats: FleetStats,
  direction: 'tx' | 'rx',
  frame: OcppFrame | undefined,
): void {
  const counts = stats.messagesByAction[direction];
  const kind = messageKind(frame);
  counts[kind] = (counts[kind] ?? 0) + 1;
}
