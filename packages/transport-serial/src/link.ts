import type { Observable } from 'rxjs';

/**
 * One open connection (one opened serial port, one TCP socket): the piece that is replaced on
 * reconnect, while the `Transport` its users hold stays the same object.
 *
 * - `data$` is hot: the factory attaches its listeners before resolving, so nothing received
 *   right after opening is lost. It completes when the peer closes the link and errors with the
 *   reason when the link is lost; it does neither for a `close()` asked for by us.
 * - `write` resolves once the text is handed to the OS, in call order.
 * - `close` is idempotent and never rejects.
 */
export interface Link {
  readonly data$: Observable<string>;
  write(text: string): Promise<void>;
  close(): Promise<void>;
}

/** Opens a fresh link, or rejects with a `SerialTransportError`. */
export type Connect = () => Promise<Link>;
