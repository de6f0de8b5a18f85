/**
 * The in-process link between a host client and the emulated UART: the host end is a
 * `Transport` like a serial port's. Same contract as core's loopback pair (delivery always on
 * a later microtask, in write order; closing ends both directions), but one object per
 * emulator, writes delivered straight into the controller (no Subject or subscription on the
 * device side), and device output batched into one microtask per burst.
 */
import { type Transport, TransportClosedError } from '@evse/core';
import { type Observable, Subject } from 'rxjs';

/** Where host writes go. */
export interface LinkDevice {
  /** Text the host wrote, delivered in order. */
  fromHost(text: string): void;
}

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * Links with device output waiting, flushed together in one microtask: a fleet tick that
 * makes 10,000 emulators talk queues one microtask, not 10,000.
 */
let flushing: InProcessLink[] = [];

function flushAll(): void {
  const links = flushing;
  flushing = [];
  for (const link of links) link.flush();
}

/** The host end of the in-process link. */
export class InProcessLink implements Transport {
  private readonly device: LinkDevice;
  private subject: Subject<string> | null = null;
  private observable: Observable<string> | null = null;
  private closed = false;
  /** Host writes waiting for their delivery microtask, and the promise chain that orders them. */
  private readonly toDevice: string[] = [];
  private tail: Promise<void> = RESOLVED;
  private deliverFn: (() => void) | null = null;
  /** Device output waiting for the flush microtask. */
  private toHostQueue: string[] | null = null;
  /** A peer watching host writes (the transport contract test's device end). */
  tap: Subject<string> | null = null;

  constructor(device: LinkDevice) {
    this.device = device;
  }

  /** Incoming text from the device, arbitrarily chunked. Completes on close. */
  get data$(): Observable<string> {
    if (this.observable === null) {
      this.subject = new Subject<string>();
      if (this.closed) this.subject.complete();
      this.observable = this.subject.asObservable();
    }
    return this.observable;
  }

  write(text: string): Promise<void> {
    if (typeof text !== 'string') return Promise.reject(new TypeError('text must be a string'));
    if (this.closed) return Promise.reject(new TransportClosedError());
    this.toDevice.push(text);
    if (this.deliverFn === null) this.deliverFn = this.deliver.bind(this);
    this.tail = this.tail.then(this.deliverFn);
    return this.tail;
  }

  private deliver(): void {
    const text = this.toDevice.shift() as string;
    if (this.closed) throw new TransportClosedError('peer closed before delivery');
    this.tap?.next(text);
    try {
      this.device.fromHost(text);
    } catch (err) {
      // Like an RxJS subscriber error: reported on its own, the write and the chain go on.
      setTimeout(() => {
        throw err;
      });
    }
    // Nothing else in flight: let go of the chain instead of keeping its last promise.
    if (this.toDevice.length === 0) this.tail = RESOLVED;
  }

  /** Device output towards the host (dropped once closed). */
  toHost(text: string): void {
    if (this.closed) return;
    const queue = this.toHostQueue;
    if (queue !== null) {
      queue.push(text);
      return;
    }
    this.toHostQueue = [text];
    if (flushing.length === 0) queueMicrotask(flushAll);
    flushing.push(this);
  }

  /** Deliver the queued device output (from the shared flush microtask). */
  flush(): void {
    const queue = this.toHostQueue;
    this.toHostQueue = null;
    if (queue === null || this.closed) return;
    for (const text of queue) this.subject?.next(text);
  }

  /** What a device-side peer's `write` does: like `toHost`, settling once delivered. */
  sendToHost(text: string): Promise<void> {
    if (typeof text !== 'string') return Promise.reject(new TypeError('text must be a string'));
    if (this.closed) return Promise.reject(new TransportClosedError());
    this.toHost(text);
    // Runs after the flush microtask queued above (or earlier).
    return RESOLVED.then(() => {
      if (this.closed) throw new TransportClosedError('peer closed before delivery');
    });
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.toHostQueue = null;
      this.subject?.complete();
      this.tap?.complete();
    }
    return RESOLVED;
  }
}
