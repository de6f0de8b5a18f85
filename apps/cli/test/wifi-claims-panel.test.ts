// The dashboard's claims panel under `--wifi` (claimsSource): the claims on the arbiter by
// their names — 1.6 smart charging's `ocpp-smart` too, never as `client:0`.
import { CLAIM_PRIORITY } from '@evse/core';
import { SMART_CLIENT } from '@evse/ocpp16';
import { afterEach, describe, expect, it } from 'vitest';
import { type Rig, startRig } from '../../../packages/wifi/test/support/rig.js';
import { claimsSource } from '../src/wifi.js';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe('claimsSource', () => {
  it('names every claim as the arbiter has it, the smart-charging one included', async () => {
    rig = await startRig();
    const { book } = rig;
    const seen: unknown[] = [];
    const sub = claimsSource(book).subscribe((v) => seen.push(v));
    expect(seen.at(-1)).toEqual({ claims: [], target: null });
    book.claim({ client: 'ocpp', priority: CLAIM_PRIORITY.ocpp, state: 'active' });
    book.claim({ client: SMART_CLIENT, priority: CLAIM_PRIORITY.ocpp + 1, chargeCurrent: 10 });
    book.put(262145, { max_current: 20, auto_release: false }, CLAIM_PRIORITY.api);
    expect(seen.at(-1)).toEqual({
      claims: [
        { client: 'ocpp', priority: 1050, state: 'active' },
        { client: 'ocpp-smart', priority: 1051, chargeCurrent: 10 },
        { client: 'client:262145', priority: 500, maxCurrent: 20 },
      ],
      target: { state: 'active', client: 'ocpp', chargeCurrent: 10, currentClient: 'ocpp-smart' },
    });
    book.release(SMART_CLIENT);
    expect(seen.at(-1)).toEqual({
      claims: [
        { client: 'ocpp', priority: 1050, state: 'active' },
        { client: 'client:262145', priority: 500, maxCurrent: 20 },
      ],
      target: {
        state: 'active',
        client: 'ocpp',
        chargeCurrent: 20,
        currentClient: 'client:262145',
      },
    });
    sub.unsubscribe();
  });
});
