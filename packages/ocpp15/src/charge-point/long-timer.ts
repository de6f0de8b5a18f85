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
