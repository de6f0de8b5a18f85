// The EV buttons of a control API (`evse emulate --http`, `evse bridge --port emulator
// --http`): POST /api/ev as the dashboard does, and the action must be taken (200).
import { expect } from 'vitest';

export type EvAction = 'connect' | 'charge' | 'disconnect';

export async function evAction(base: string, action: EvAction): Promise<void> {
  const response = await fetch(`${base}/api/ev`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action }),
  });
  expect(response.status).toBe(200);
  await response.body?.cancel();
}
