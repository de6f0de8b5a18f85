// Every delay the central system can set (BootNotification.conf heartbeatInterval: int32
// seconds; ChangeConfiguration intervals: up to 9 digits; ReserveNow expiryDate;
// UpdateFirmware retrieveDate) may exceed what a Node timer holds: 2^31−1 ms (~24.8 days).
// Node fires a longer timer after 1 ms, which would flood the central system (STEVE.md §5.2:
// wait at least the interval). These helpers chain full-size timers instead.

/** The longest delay one Node timer holds, ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Cancels a timer from {@link setLongTimeout} / {@link setLongInterval}; idempotent. */
export type CancelTimer = () => void;

/** `setTimeout` for any delay (ms, clamped to ≥ 0): longer ones are chained in max-size steps. */
export function setLongTimeout(fn: () => void, ms: number): CancelTimer {
  let t: ReturnType<typeof setTimeout> | undefined;
  const arm = (left: number): void => {
    const step = Math.min(left, MAX_TIMER_MS);
    t = setTimeout(() => (left > step ? arm(left - step) : fn()), step);
  };
  arm(Number.isFinite(ms) ? Math.max(0, ms) : MAX_TIMER_MS);
  return () => clearTimeout(t);
}

/** `setInterval` for any period (ms, at least 1): fires every `ms` until cancelled. */
export function setLongInterval(fn: () => void, ms: number): CancelTimer {
  let cancel: CancelTimer = () => undefined;
  const next = (): void => {
    cancel = setLongTimeout(
      () => {
        next(); // re-arm first, so a throwing `fn` does not end the interval
        fn();
      },
      Math.max(1, ms),
    );
  };
  next();
  return () => cancel();
}

const tick = (timer: { fire(): void }): void => timer.fire();

/**
 * A timer object for any delay, firing `fn(arg)` once or (`repeat`) every `ms` until
 * cancelled: the same chaining as {@link setLongTimeout}, with no closure per timer
 * (a fleet keeps one Heartbeat timer per station alive for its whole life).
 */
export class LongTimer<T> {
  readonly #fn: (arg: T) => void;
  readonly #arg: T;
  readonly #ms: number;
  readonly #repeat: boolean;
  #left = 0;
  #t: ReturnType<typeof setTimeout> | undefined;

  constructor(fn: (arg: T) => void, arg: T, ms: number, repeat = false) {
    this.#fn = fn;
    this.#arg = arg;
    this.#repeat = repeat;
    this.#ms = repeat ? Math.max(1, ms) : Number.isFinite(ms) ? Math.max(0, ms) : MAX_TIMER_MS;
    this.#arm(this.#ms);
  }

  #arm(left: number): void {
    const step = Math.min(left, MAX_TIMER_MS);
    this.#left = left - step;
    this.#t = setTimeout(tick, step, this);
  }

  /** The Node timer fired (internal). */
  fire(): void {
    if (this.#left > 0) {
      this.#arm(this.#left);
      return;
    }
    if (this.#repeat) this.#arm(this.#ms); // re-arm first: a throwing `fn` keeps the interval
    this.#fn(this.#arg);
  }

  /** Stop the timer; idempotent. */
  cancel(): void {
    clearTimeout(this.#t);
    this.#t = undefined;
  }
}
