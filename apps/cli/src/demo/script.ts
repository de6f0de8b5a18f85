import type { Station, StationStatus } from '@evse/core';
import type { ChargePoint, ChargePointEvent } from '@evse/ocpp15';
import type { EmulatorControl } from '@evse/transport-emulator';
import type { Output } from '../io/output.js';
import { type DemoCentral, limitThenClear, PROFILE_STEPS } from './profile-steps.js';
import { chargingLine } from './reading.js';
import { sleep, waitFor } from './wait.js';

/** What the scripted session drives and watches. */
export interface SessionParts {
  readonly control: EmulatorControl;
  readonly station: Station;
  readonly chargePoint: ChargePoint;
  readonly idTag: string;
  readonly out: Output;
  readonly signal: AbortSignal;
  /** Emulator time runs this many times faster than real time. */
  readonly speed: number;
  /** With OCPP 1.6: the central system that limits, then frees the charge (PROFILE_STEPS more). */
  readonly central?: DemoCentral;
}

/** What the session achieved, for the summary and `--once`'s exit code. */
export interface SessionResult {
  readonly transactionId: number;
  readonly meterStart: number;
  readonly meterStop: number;
}

const STEP_TIMEOUT_MS = 20_000;
/** The steps of every session; 1.6 adds PROFILE_STEPS. */
const STEPS = 6;

/**
 * The scripted session of `evse demo`: plug in, swipe (swipe first, then plug in, where a
 * sleeping controller cannot show the plug), StartTransaction, charge (with `central`: limited
 * to 10 A, then freed), stop by swiping again, StopTransaction, unplug. Each step waits for its
 * effect to be visible (the station's mirrored state, the charge point's events or the meter)
 * before the next one starts.
 */
export async function runScriptedSession(parts: SessionParts): Promise<SessionResult> {
  const { control, station, chargePoint, idTag, out, signal } = parts;
  const total = STEPS + (parts.central ? PROFILE_STEPS : 0);
  let n = 0;
  const step = (text: string): void => out.line(`Step ${++n}/${total}: ${text}`);
  const events$ = chargePoint.events$;
  const event = <T extends ChargePointEvent['type']>(type: T, what: string) =>
    waitFor(
      events$,
      (e): e is Extract<ChargePointEvent, { type: T }> => e.type === type,
      what,
      STEP_TIMEOUT_MS,
      signal,
    ) as Promise<Extract<ChargePointEvent, { type: T }>>;
  const until = (ok: (s: StationStatus) => boolean, what: string) =>
    waitFor(station.status$, ok, what, STEP_TIMEOUT_MS, signal);
  const state = (name: string, what: string) => until((s) => s.state === name, what);

  const started = event('transactionId', 'StartTransaction being accepted');
  if (station.capabilities.plugDetectionWhileAsleep !== 'none') {
    step('plug the EV in');
    // The bridge holds the EVSE asleep until authorized: the plug shows in vflag 0x0100
    // (or `$G0` polls before RAPI 5).
    const plugged = until((s) => s.evConnected === true, 'the station seeing the EV');
    control.plugIn();
    await plugged;
    out.line('  station: EV connected, held asleep until authorized');
    step(`swipe card ${idTag}`);
    control.swipe(idTag);
  } else {
    // A plug-in while asleep cannot be seen here (3.x: no vflags, no `$G0`; FIELD-FIRMWARE.md
    // "Implications for the bridge spec" 1): the card first wakes the EVSE, then the plug.
    step(`swipe card ${idTag}`);
    const awake = until((s) => s.state === 'notConnected', 'the station waking for the driver');
    control.swipe(idTag);
    await awake;
    out.line('  station: authorized, awake for the EV');
    step('plug the EV in');
    control.plugIn();
  }
  const { transactionId } = await started;
  const tx = chargePoint.transactions.current();
  const meterStart = tx?.meterStart ?? 0;

  step('the EV asks for charge');
  const charging = state('charging', 'the station charging (state C)');
  control.startCharging();
  await charging;
  // Emulated time runs `speed` times faster: 8 emulated seconds of charging in 4 readings.
  for (let i = 0; i < 4; i++) {
    await sleep(2000 / parts.speed, signal);
    out.line(chargingLine(await station.readMeter()));
  }
  if (parts.central) {
    const { central } = parts;
    await limitThenClear(
      { central, station, out, signal, timeoutMs: STEP_TIMEOUT_MS, speed: parts.speed, step },
      transactionId,
    );
  }

  step(`stop: swipe card ${idTag} again`);
  const stopped = event('transactionStopped', 'StopTransaction being queued');
  const delivered = waitFor(
    events$,
    (e) => e.type === 'delivered' && e.action === 'StopTransaction',
    'StopTransaction being delivered',
    STEP_TIMEOUT_MS,
    signal,
  );
  control.swipe(idTag);
  const { meterStop } = await stopped;
  await delivered;

  step('the EV stops asking for charge');
  const idle = until((s) => s.state !== 'charging', 'the station leaving state C');
  control.stopCharging();
  await idle;

  step('unplug the EV');
  const unplugged = until((s) => !s.evConnected, 'the station seeing no EV');
  control.unplug();
  await unplugged;
  return { transactionId, meterStart, meterStop };
}
