// A booted 1.6 chain for one test: the strict 1.6 central system (strict-cs16.ts) and the
// emulator → Station → createChargePoint16 stack (stack16.ts), both closed when the test
// finishes; the charge point's events recorded from before its socket opens.
import type { ChargePointEvent } from '@evse/ocpp15';
import { expect, onTestFinished } from 'vitest';
import { startStack16 } from './stack16.js';
import { type StrictCs16, type StrictCs16Options, startStrictCs16 } from './strict-cs16.js';

/** Start both; `booted` (default) waits for the two StatusNotifications of an Accepted boot. */
export async function startChain16(options: StrictCs16Options = {}, booted = true) {
  const cs = await startStrictCs16(options);
  onTestFinished(async () => {
    await cs.close();
  });
  const stack = await startStack16(cs.url);
  onTestFinished(stack.close);
  // Subscribed before the socket opens (that takes I/O): the first events are seen.
  const events: ChargePointEvent[] = [];
  const sub = stack.cp.events$.subscribe((e) => events.push(e));
  onTestFinished(() => sub.unsubscribe());
  if (booted)
    await expect.poll(() => cs.of('StatusNotification').length, { timeout: 10_000 }).toBe(2);
  return { cs, events, ...stack };
}

/** The statuses the central system received for `connectorId`, in order. */
export const statuses = (cs: StrictCs16, connectorId = 1): unknown[] =>
  cs
    .of('StatusNotification')
    .filter((c) => c.params['connectorId'] === connectorId)
    .map((c) => c.params['status']);
