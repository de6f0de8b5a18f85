import type { Station, StationStatus } from '@evse/core';
import type { ChargePoint, ChargePointEvent } from '@evse/ocpp15';
import type { EmulatorControl } from '@evse/transport-emulator';
import type { Output } from '../io/output.js';
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
}

/** What the session achieved, for the summary and `--once`'s exit code. */
export interface SessionResult {
  readonly transactionId: number;
  readonly meterStart: number;
  readonly meterStop: number;
}

const STEP_TIMEOUT_MS = 20_000;
const STEPS = 6;

/**
 * The scripted session of `evse demo`: plug in, swipe (swipe first, then plug in, where a
 * sleeping controller cannot show the plug), StartTransaction, charge, stop by swiping again,
 * StopTransaction, unplug. Each step waits for its effect to be visible (the
 * station's mirrored state or the charge point's events) before the next one starts.
 */
export async function runScriptedSession(parts: SessionParts): Promise<SessionResult> {
  const { control, station, chargePoint, idTag, out, signal } = parts;
  const step = (n: number, text: string): void => out.line(`Step ${n}/${STEPS}: ${text}`);
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
    step(1, 'plug the EV in');
    // The bridge holds the EVSE asleep until authorized: the plug shows in vflag 0x0100
    // (or `$G0` polls before RAPI 5).
    const plugged = until((s) => s.evConnected === true, 'the station seeing the EV');
    control.plugIn();
    await plugged;
    out.line('  station: EV connected, held asleep until authorized');
    step(2, `swipe card ${idTag}`);
    control.swipe(idTag);
  } else {
    // A plug-in while asleep cannot be seen here (3.x: no vflags, no `$G0`; FIELD-FIRMWARE.md
    // "Implications for the bridge spec" 1): the card first wakes the EVSE, then the plug.
    step(1, `swipe card ${idTag}`);
    const awake = until((s) => s.state === 'notConnected', 'the station waking for the driver');
    control.swipe(idTag);
    await awake;
    out.line('  station: authorized, awake for the EV');
    step(2, 'plug the EV in');
    control.plugIn();
  }
  const { transactionId } = await started;
  const tx = chargePoint.transactions.current();
  const meterStart = tx?.meterStart ?? 0;

  step(3, 'the EV asks for charge');
  const charging = state('charging', 'the station charging (state C)');
  control.startCharging();
  await charging;
  // Emulated time runs `speed` times faster: 8 emulated seconds of charging in 4 readings.
  for (let i = 0; i < 4; i++) {
    await sleep(2000 / parts.speed, signal);
    const m = await station.readMeter();
    out.line(
      `  charging: ${(m.currentMa / 1000).toFixed(1)} A, ${(m.voltageMv / 1000).toFixed(1)} V, ${(m.sessionWh / 1000).toFixed(3)} kWh this session`,
    );
  }

  step(4, `stop: swipe card ${idTag} again`);
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

  step(5, 'the EV stops asking for charge');
  const idle = until((s) => s.state !== 'charging', 'the station leaving state C');
  control.stopCharging();
  await idle;

  step(6, 'unplug the EV');
  const unplugged = until((s) => !s.evConnected, 'the station seeing no EV');
  control.unplug();
  await unplugged;
  return { transactionId, meterStart, meterStop };
}
