/**
 * The firmware's byte-at-a-time RAPI receiver (RAPI.md §1.2, §1.6): `$` (re)starts a frame,
 * CR closes it, bytes outside a frame are ignored, and a frame longer than 31 bytes (the
 * 32-byte buffer holds the NUL too) is abandoned silently until the next `$`.
 */

/** Most bytes from `$` up to (not including) CR that fit the firmware's buffer. */
export const MAX_FRAME_BYTES = 31;

/** Receiver state; one per emulated controller. */
export interface Receiver {
  /** Feed received text; calls `onFrame` with each complete frame (without the CR). */
  feed(chunk: string, onFrame: (frame: string) => void, onByte?: (byte: string) => void): void;
  /** Forget any partial frame (used on reboot). */
  reset(): void;
}

/** A fresh receiver with no frame open. */
export function createReceiver(): Receiver {
  let buf = '';
  let open = false;
  return {
    feed(chunk, onFrame, onByte) {
      for (let i = 0; i < chunk.length; i++) {
        const c = chunk[i] as string;
        // Echo happens the moment a byte arrives, before it is interpreted (§1.9).
        onByte?.(c);
        if (c === '$') {
          buf = '$';
          open = true;
        } else if (!open) {
          // Noise, LF, or the tail of an overflowed frame: ignored (§1.6).
        } else if (c === '\r') {
          open = false;
          const frame = buf;
          buf = '';
          onFrame(frame);
        } else if (buf.length >= MAX_FRAME_BYTES) {
          open = false;
          buf = '';
        } else {
          buf += c;
        }
      }
    },
    reset() {
      buf = '';
      open = false;
    },
  };
}
