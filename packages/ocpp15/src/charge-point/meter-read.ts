/**
 * Meter reads the transaction's energy depends on (meterStart, meterStop, the stop a restart
 * adds). A reply lost or damaged on the serial line is a timeout or a checksum error, and a
 * controller may answer `$NK` (RAPI.md §1.7): one failed read must not turn into a stale
 * meterStop, which would leave the session's energy out of every transaction. So the read is
 * retried a few times over some seconds before the caller falls back.
 */
import type { MeterReading } from '../station.js';

/** Pauses between attempts, ms: five attempts over about 4 s. */
export const METER_RETRY_DELAYS_MS: readonly number[] = [250, 500, 1000, 2000];

/**
 * For meterStop: the serial line itself may be gone for a while (a cable pulled right after
 * the EV left), so the stop keeps trying for about 5 minutes before it settles for the last
 * sample. A charge point closed meanwhile journals no stop: its next start ends the
 * transaction at the register it reads then.
 */
export const STOP_RETRY_DELAYS_MS: readonly number[] = [
  ...METER_RETRY_DELAYS_MS,
  ...Array.from({ length: 60 }, () => 5000),
];

/**
 * `read()` until it succeeds; rejects with the last error after the last attempt, or at once
 * when `abandon()` turns true between attempts.
 */
export async function readMeterPatiently(
  read: () => Promise<MeterReading>,
  delaysMs: readonly number[] = METER_RETRY_DELAYS_MS,
  abandon: () => boolean = () => false,
): Promise<MeterReading> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const delay = delaysMs[attempt];
      if (delay === undefined || abandon()) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (abandon()) throw error;
    }
  }
}

/** Where the transaction's energy register stood at the last reading (see {@link advanceRegister}). */
export interface RegisterTrack {
  readonly lifetimeWh: number;
  readonly sessionWh: number;
  readonly registerWh: number;
}

/** The track of a transaction that starts at this reading: the EV is plugged in, its session open. */
export const trackFrom = (r: MeterReading): RegisterTrack => ({
  lifetimeWh: r.lifetimeWh,
  sessionWh: r.sessionWh,
  registerWh: r.lifetimeWh + r.sessionWh,
});

/**
 * The track a transaction started from when its counters at the start are not known (its start
 * could not read the meter, so meterStart is the last register seen, or the state file kept
 * another transaction's track), inferred from a reading `r` taken after it. `$GU`'s lifetime Wh
 * moves only at unplug or by `$SK` (RAPI.md §4.7). At or above meterStart, the start was at
 * lifetime with no session Wh on top: the register is lifetime + session while that lifetime
 * holds, lifetime once it moved. Below meterStart, the start was within a session holding the
 * difference (meterStart = lifetime + session, a transaction begun mid-session), so the
 * register is lifetime + session; unless the session counter now shows less than that
 * difference: then lifetime was set back (`$SK`) or the session is a new one, and its Wh count
 * on top of meterStart, never lost. A `$SK` that leaves lifetime + session at or above
 * meterStart looks like a mid-session start and is counted as one: rather a few Wh unbilled
 * than a session's Wh billed twice (see {@link advanceRegister}).
 */
export function trackSince(meterStart: number, r: MeterReading): RegisterTrack {
  const lifetimeWh = Math.min(r.lifetimeWh, meterStart);
  return { lifetimeWh, sessionWh: meterStart - lifetimeWh, registerWh: meterStart };
}

/**
 * The register after a new reading, counting every Wh once across unplugs. `$GU` (RAPI.md §4.7)
 * has two counters: session Wh, reset when an EV is plugged in and kept after it leaves, and
 * lifetime Wh, which takes in the whole session at unplug. So the register is lifetime +
 * session only while a session is open; once lifetime moved, the old session is in it, and the
 * session counter still shows that session unless an EV was plugged in again. An EV unplugged
 * and plugged in again within a second during a transaction charges such a new session before
 * the stop puts the EVSE to sleep (chaos run 3, docs/reliability.md). The session counter
 * counts again only when the station reported an unplug and a plug-in since the last reading
 * (`pluggedInAgain`) and it differs from what lifetime took in: in chaos runs 4 and 5 the
 * status seen was newer than the counters read, and trusting it alone billed the old session
 * twice. A new session that has charged exactly what the old one left is not counted (it
 * cannot be told apart): rather a few Wh unbilled than billed twice.
 */
export function advanceRegister(
  prev: RegisterTrack,
  r: MeterReading,
  pluggedInAgain: boolean,
): RegisterTrack {
  const { lifetimeWh: l, sessionWh: s } = r;
  let registerWh = prev.registerWh;
  if (l > prev.lifetimeWh) {
    const closed = l - prev.lifetimeWh;
    registerWh += Math.max(0, closed - prev.sessionWh);
    if (pluggedInAgain && s !== closed) registerWh += s;
  } else {
    // Same session (or lifetime set back by `$SK`): its growth. Smaller: a new session began
    // (the old one was under 1 Wh, so lifetime did not move).
    registerWh += s >= prev.sessionWh ? s - prev.sessionWh : s;
  }
  return { lifetimeWh: l, sessionWh: s, registerWh };
}
