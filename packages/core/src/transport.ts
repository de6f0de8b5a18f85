import type { Observable } from 'rxjs';

/**
 * The seam between RAPI logic and whatever carries the bytes: an in-memory loopback, the
 * emulator, a serial port or a TCP socket. Transports move text; they never frame it
 * (framing happens once, in `splitLines`).
 *
 * Contract (checked by `transportContract` in `@evse/core/testing`):
 * - `data$` emits received text in arbitrary chunks: a line may arrive split over several
 *   chunks, several lines may arrive in one. It completes when the transport closes (by
 *   `close()` or because the peer went away) and errors only for a fault the transport cannot
 *   recover from.
 * - `write(text)` resolves when the text has been handed to the peer, in call order; it
 *   rejects with `TransportClosedError` once the transport is closed.
 * - `close()` is idempotent, cancels pending work and resolves when resources are released.
 */
export interface Transport {
  /** Incoming text, arbitrarily chunked. Completes on close. */
  readonly data$: Observable<string>;
  /** Hand `text` to the peer. Rejects with `TransportClosedError` after close. */
  write(text: string): Promise<void>;
  /** Release the transport. Safe to call more than once. */
  close(): Promise<void>;
}

/** Thrown by `Transport.write` after the transport has closed. */
export class TransportClosedError extends Error {
  readonly code = 'TRANSPORT_CLOSED' as const;
  constructor(message = 'transport is closed', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportClosedError';
  }
}
