/**
 * The firmware's byte-at-a-time RAPI receiver (RAPI.md §1.2, §1.6): `$` (re)starts a frame,
 * CR closes it, bytes outside a frame are ignored, and a frame longer than 31 bytes (the
 * 32-byte buffer holds the NUL too) is abandoned silently until the next `$`.
 */

/** Most bytes from `$` up to (not including) CR that fit the firmware's buffer. */
export const MAX_FRAME_BYTES = 31;

const DOLLAR = 0x24;
const CR = 0x0d;

/** Where the receiver delivers (the controller implements it). */
export interface FrameSink {
  /** Echo is on: `byte` is called for every byte as it arrives. */
  readonly echo: boolean;
  /** One received byte, before it is interpreted (§1.9). */
  byte(byte: string): void;
  /** A complete frame, without the CR. */
  frame(frame: string): void;
}

/** Receiver state; one per emulated controller. */
export class Receiver {
  /** The open frame's bytes from earlier chunks. */
  private buf = '';
  private open = false;

  /**
   * Feed received text: calls `sink.frame` with each complete frame. Runs of bytes are
   * sliced out of the chunk rather than appended one at a time.
   */
  feed(chunk: string, sink: FrameSink): void {
    // Index in `chunk` where the open frame's bytes not yet in `buf` start.
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      // Echo happens the moment a byte arrives, before it is interpreted (§1.9).
      if (sink.echo) sink.byte(chunk[i] as string);
      const c = chunk.charCodeAt(i);
      if (c === DOLLAR) {
        this.buf = '';
        this.open = true;
        from = i;
      } else if (!this.open) {
        // Noise, LF, or the tail of an overflowed frame: ignored (§1.6).
      } else if (c === CR) {
        const frame = this.buf + chunk.slice(from, i);
        this.buf = '';
        this.open = false;
        sink.frame(frame);
      } else if (this.buf.length + (i - from) >= MAX_FRAME_BYTES) {
        this.open = false;
        this.buf = '';
      }
    }
    if (this.open) this.buf += chunk.slice(from);
  }

  /** Forget any partial frame (used on reboot). */
  reset(): void {
    this.buf = '';
    this.open = false;
  }
}
