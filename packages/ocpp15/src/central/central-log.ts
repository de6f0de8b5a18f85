/**
 * The central system's JSON-lines log (`options.logFile`), written from its event stream: one
 * line per handshake refused, session opened or closed, and frame — the events themselves,
 * not a second copy built beside each of them.
 */
import { createWriteStream, openSync } from 'node:fs';
import type { Observable } from 'rxjs';
import type { CentralSystemEvent } from './options.js';

/** The log line of an event, or null for events the log does not keep. */
export function logLine(event: CentralSystemEvent, now: Date): Record<string, unknown> | null {
  switch (event.type) {
    case 'handshakeRejected':
      return {
        at: now.toISOString(),
        type: event.type,
        url: event.url,
        status: event.status,
        reason: event.reason,
      };
    case 'sessionOpened':
      return {
        at: now.toISOString(),
        type: event.type,
        chargeBoxId: event.connection.chargeBoxId,
        sessionId: event.connection.sessionId,
        protocol: event.connection.protocol,
      };
    case 'sessionClosed':
      return {
        at: now.toISOString(),
        type: event.type,
        chargeBoxId: event.connection.chargeBoxId,
        sessionId: event.connection.sessionId,
        code: event.code,
        reason: event.reason,
      };
    case 'frame':
      return {
        at: event.at.toISOString(),
        type: event.type,
        chargeBoxId: event.chargeBoxId,
        sessionId: event.sessionId,
        direction: event.direction,
        text: event.text,
      };
    default:
      return null;
  }
}

/** An open log file fed by an event stream. */
export interface CentralLog {
  /** Flushes and closes the file (the stream must have completed). */
  close(): Promise<void>;
}

/**
 * Opens `file` for appending now, so a path that cannot be written rejects before the server
 * listens instead of failing later as an unhandled 'error' event (AUDIT-2026-12.md #9), and
 * writes a line for each event of `events$` the log keeps.
 */
export function openCentralLog(
  file: string,
  events$: Observable<CentralSystemEvent>,
  now: () => Date,
): CentralLog {
  const stream = createWriteStream(file, { fd: openSync(file, 'a') });
  const subscription = events$.subscribe((event) => {
    const line = logLine(event, now());
    if (line) stream.write(`${JSON.stringify(line)}\n`);
  });
  return {
    close: () => {
      subscription.unsubscribe();
      return new Promise<void>((resolve) => stream.end(() => resolve()));
    },
  };
}
