import type { MeterReading, Station } from '@evse/core';
import { CliError } from '../errors.js';
import { sleep } from './wait.js';

/** How often a wait for the EV's current reads the meter (`$GG`), real ms. */
const POLL_MS = 250;

/** The `charging:` line of the scripted session, from one meter reading. */
export function chargingLine(m: MeterReading): string {
  return `  charging: ${(m.currentMa / 1000).toFixed(1)} A, ${(m.voltageMv / 1000).toFixed(1)} V, ${(m.sessionWh / 1000).toFixed(3)} kWh this session`;
}

/**
 * The first meter reading whose current satisfies `ok`, read every 250 ms for up to `ms`;
 * not within `ms` is a runtime failure naming `what`, like any demo step (wait.ts).
 */
export async function readUntil(
  station: Station,
  ok: (currentMa: number) => boolean,
  what: string,
  ms: number,
  signal: AbortSignal,
): Promise<MeterReading> {
  const deadline = Date.now() + ms;
  for (;;) {
    const m = await station.readMeter();
    if (ok(m.currentMa)) return m;
    if (Date.now() >= deadline)
      throw new CliError(
        `demo: ${what} did not happen within ${Math.round(ms / 1000)} s (${(m.currentMa / 1000).toFixed(1)} A)`,
      );
    await sleep(POLL_MS, signal);
  }
}
