/**
 * A serial line's pace: at `baud`, each byte takes 10 bit times (start, 8 data, stop; 8N1 as
 * the controller's UART runs, RAPI.md §1.1), so a 23-byte `$GS` reply needs 2 ms at 115200.
 * Text handed in leaves in order, each chunk when its last byte would have crossed the wire.
 * Made only when the `baud` option is set, so unpaced emulators pay nothing.
 */
import type { EmulatorClock } from './types.js';

/** Bits on the wire per byte (8N1). */
export const BITS_PER_BYTE = 10;

/** One direction of a paced line. */
export class UartPacer {
  private readonly clock: EmulatorClock;
  private readonly msPerByte: number;
  private readonly deliver: (text: string) => void;
  /** When the line is free again (clock time). */
  private freeAt = 0;
  private readonly queue: { text: string; at: number }[] = [];
  private timer: unknown = null;
  private closed = false;

  constructor(clock: EmulatorClock, baud: number, deliver: (text: string) => void) {
    this.clock = clock;
    this.msPerByte = (BITS_PER_BYTE * 1000) / baud;
    this.deliver = deliver;
  }

  /** Put `text` on the line after what is already on it. */
  push(text: string): void {
    if (this.closed || text.length === 0) return;
    const now = this.clock.now();
    const at = Math.max(now, this.freeAt) + text.length * this.msPerByte;
    this.freeAt = at;
    this.queue.push({ text, at });
    if (this.timer === null) this.timer = this.clock.setTimeout(() => this.flush(), at - now);
  }

  private flush(): void {
    this.timer = null;
    const now = this.clock.now();
    const q = this.queue;
    // A real-clock timer may fire a fraction of a millisecond early.
    while (q.length > 0 && (q[0] as { at: number }).at <= now + 0.5) {
      this.deliver((q.shift() as { text: string }).text);
      if (this.closed) return;
    }
    const next = q[0];
    if (next) this.timer = this.clock.setTimeout(() => this.flush(), next.at - now);
  }

  /** Drop whatever is still on the line. */
  close(): void {
    this.closed = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.queue.length = 0;
  }
}
