/**
 * One clock for the whole fleet. Every emulator and every station driver schedules on a
 * single virtual clock, and ONE real interval moves it forward `speed` times faster than real
 * time: 10,000 stations cost one timer, not 10,000 (their 1 Hz control loops and scenario
 * waits live in the clock's heap). The OCPP side (charge points, WebSockets) stays on real time.
 */
import { createVirtualClock, type VirtualClock } from '@evse/transport-emulator';

/** The shared fleet clock. */
export interface FleetClock {
  readonly clock: VirtualClock;
  /** Station time runs this many times faster than real time. */
  readonly speed: number;
  /** Resolve after `ms` of station time. */
  sleep(ms: number): Promise<void>;
  /** Stop the real ticker (pending sleeps never resolve). */
  stop(): void;
}

/** Start a fleet clock ticking every `tickMs` real ms. @default tickMs 50 */
export function startFleetClock(speed: number, tickMs = 50): FleetClock {
  if (!(speed > 0)) throw new RangeError(`speed must be > 0, got ${speed}`);
  const clock = createVirtualClock();
  let last = performance.now();
  // Advance by the real time that actually passed (not tickMs), so station time stays
  // `speed` × wall time — but by at most 4 ticks' worth: after a stall (a GC pause, a burst
  // of handshakes) a catch-up would run seconds of 10,000 control loops in one synchronous
  // batch, stall the loop further and spiral. Under overload station time falls behind instead.
  const maxStep = 4 * tickMs * speed;
  const ticker = setInterval(() => {
    const now = performance.now();
    clock.advance(Math.min((now - last) * speed, maxStep));
    last = now;
  }, tickMs);
  return {
    clock,
    speed,
    sleep: (ms) => new Promise((resolve) => clock.setTimeout(resolve, ms)),
    stop: () => clearInterval(ticker),
  };
}
