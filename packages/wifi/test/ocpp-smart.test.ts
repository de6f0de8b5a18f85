/**
 * OCPP 1.6 smart charging seen through the module's API: the module's OCPP has ONE claim
 * (65545, priority 1050) carrying the smart-charging limit as `charge_current`, `disabled`
 * below 6 A (WIFI-API.md §7.5); the charge point claims it apart (`ocpp-smart`, one above), and
 * `/claims`, `/claims/{id}` and `/claims/target` show it folded in. A claim whose name the
 * module has no id for goes on the arbiter and never lands on another client's id.
 */
import { CLAIM_PRIORITY } from '@evse/core';
import { type ChargePoint16, createChargePoint16, SMART_CLIENT } from '@evse/ocpp16';
import { filter, firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { txLimitRequest } from '../../ocpp16/test/support/profiles.js';
import { type StrictCs16, startStrictCs16 } from '../../ocpp16/test/support/strict-cs16.js';
import { FOLDED_CLIENTS } from '../src/index.js';
import { call, type Rig, startRig } from './support/rig.js';

let rig: Rig | null = null;
let cp: ChargePoint16 | null = null;
let cs: StrictCs16 | null = null;
afterEach(async () => {
  await cp?.close();
  await rig?.close();
  await cs?.close();
  cp = null;
  rig = null;
  cs = null;
});

const OCPP = { client: 'ocpp', priority: CLAIM_PRIORITY.ocpp };
const SMART = { client: SMART_CLIENT, priority: CLAIM_PRIORITY.ocpp + 1 };
const get = async (url: string) => (await call(url)).json;

describe("smart charging's claim in the module's view", () => {
  it('folds into OCPP 65545: the limit, a pause, the release; the arbiter keeps both', async () => {
    expect(FOLDED_CLIENTS.get(SMART_CLIENT)?.id).toBe(65545);
    rig = await startRig();
    const { url, book, emulator, arbiter } = rig;
    book.claim({ ...OCPP, state: 'active', note: 'authorized TAG1' });
    const before = book.claimsVersion;
    book.claim({ ...SMART, chargeCurrent: 10, note: 'charging profile 8: 10 A' });
    expect(book.claimsVersion).toBe((before + 1) & 0xff);
    await expect.poll(() => emulator.control.status().currentCapacity, { timeout: 5000 }).toBe(10);
    expect(await get(`${url}/claims`)).toEqual([
      { client: 65545, priority: 1050, state: 'active', charge_current: 10, auto_release: false },
    ]);
    expect(await get(`${url}/claims/65545`)).toEqual({
      priority: 1050,
      state: 'active',
      charge_current: 10,
      auto_release: false,
    });
    expect((await call(`${url}/claims/0`)).status).toBe(404);
    expect(await get(`${url}/claims/target`)).toEqual({
      properties: { state: 'active', charge_current: 10, auto_release: false },
      claims: { state: 65545, charge_current: 65545 },
    });
    // The arbiter has the two claims by name, the smart one a priority above.
    expect(arbiter.target).toMatchObject({ client: 'ocpp', chargeCurrent: 10 });
    expect(arbiter.target?.currentClient).toBe(SMART_CLIENT);

    // Below 6 A smart charging pauses: OCPP's claim shows disabled, and decides the state.
    book.claim({ ...SMART, state: 'disabled', note: 'charging profile 9: 3 A, below 6 A' });
    await expect.poll(() => emulator.control.status().state, { timeout: 5000 }).toBe('sleeping');
    expect(await get(`${url}/claims`)).toEqual([
      { client: 65545, priority: 1050, state: 'disabled', auto_release: false },
    ]);
    expect(await get(`${url}/claims/target`)).toEqual({
      properties: { state: 'disabled', auto_release: false },
      claims: { state: 65545 },
    });
    expect(arbiter.target?.client).toBe(SMART_CLIENT);
    expect(((await get(`${url}/status`)) as { status: string }).status).toBe('disabled');

    // Released: OCPP's own claim again, and the configured maximum.
    book.release(SMART_CLIENT);
    await expect.poll(() => emulator.control.status().currentCapacity, { timeout: 5000 }).toBe(24);
    await expect.poll(() => emulator.control.status().state).not.toBe('sleeping');
    expect(await get(`${url}/claims`)).toEqual([
      { client: 65545, priority: 1050, state: 'active', auto_release: false },
    ]);
    expect(await get(`${url}/claims/target`)).toEqual({
      properties: { state: 'active', auto_release: false },
      claims: { state: 65545 },
    });
    expect(book.arbiterClaims().map((c) => c.client)).toEqual(['ocpp']);
  });

  it('shows the smart claim as 65545 at 1050 while OCPP has no claim of its own', async () => {
    rig = await startRig();
    const { url, book } = rig;
    book.claim({ ...SMART, chargeCurrent: 12 });
    expect(await get(`${url}/claims`)).toEqual([
      { client: 65545, priority: 1050, charge_current: 12, auto_release: false },
    ]);
    // Nothing of OCPP's own to delete: the smart claim is the charge point's to release.
    expect((await call(`${url}/claims/65545`, { method: 'DELETE' })).status).toBe(404);
    book.release(SMART_CLIENT);
    expect(await get(`${url}/claims`)).toEqual([]);
  });

  it('never puts a claim without a module id on another client: an unknown name stays apart', async () => {
    rig = await startRig();
    const { url, book, emulator } = rig;
    book.claim({ ...OCPP, state: 'active' });
    book.claim({ ...SMART, chargeCurrent: 16 });
    const versions = book.claimsVersion;
    book.claim({ client: 'someone-else', priority: 1200, maxCurrent: 8 });
    // It decides the current (a cap above everyone), but the module lists no claim for it.
    await expect.poll(() => emulator.control.status().currentCapacity, { timeout: 5000 }).toBe(8);
    expect(book.claimsVersion).toBe(versions);
    expect(await get(`${url}/claims`)).toEqual([
      { client: 65545, priority: 1050, state: 'active', charge_current: 16, auto_release: false },
    ]);
    expect(await get(`${url}/claims/target`)).toEqual({
      properties: { state: 'active', charge_current: 16, max_current: 8, auto_release: false },
      claims: { state: 65545, charge_current: 65545 },
    });
    book.release('someone-else');
    await expect.poll(() => emulator.control.status().currentCapacity, { timeout: 5000 }).toBe(16);
    expect(book.arbiterClaims().map((c) => c.client)).toEqual(['ocpp', SMART_CLIENT]);
  });
});

describe('a real 1.6 charge point claiming through the book', () => {
  it("SetChargingProfile 10 A shows as OCPP's one claim with charge_current 10", async () => {
    cs = await startStrictCs16({ tags: { TAG16: 'Accepted' } });
    rig = await startRig();
    const { url, book, emulator } = rig;
    cp = createChargePoint16({
      url: cs.url,
      chargeBoxId: 'CP16',
      station: rig.station,
      arbiter: book,
      vendor: 'OpenEVSE',
      model: 'v5',
    });
    await firstValueFrom(cp.events$.pipe(filter((e) => e.type === 'booted')));
    emulator.control.plugIn();
    emulator.control.startCharging();
    await cp.authorize('TAG16');
    await expect.poll(() => cs?.of('StartTransaction').length, { timeout: 10_000 }).toBe(1);
    await expect
      .poll(() => cp?.transactions.current()?.transactionId, { timeout: 10_000 })
      .toBe(100);
    expect(
      await cs.call('SetChargingProfile', txLimitRequest(100, 10, { chargingProfileId: 8 })),
    ).toEqual({ status: 'Accepted' });
    await expect.poll(() => emulator.control.status().currentCapacity, { timeout: 5000 }).toBe(10);
    expect(await get(`${url}/claims`)).toEqual([
      { client: 65545, priority: 1050, state: 'active', charge_current: 10, auto_release: false },
    ]);
    expect(await get(`${url}/claims/target`)).toMatchObject({
      claims: { state: 65545, charge_current: 65545 },
    });
    expect(
      await cs.call('SetChargingProfile', txLimitRequest(100, 3, { chargingProfileId: 9 })),
    ).toEqual({ status: 'Accepted' });
    await expect
      .poll(() => get(`${url}/claims`), { timeout: 5000 })
      .toEqual([{ client: 65545, priority: 1050, state: 'disabled', auto_release: false }]);
    expect(await cs.call('ClearChargingProfile', {})).toEqual({ status: 'Accepted' });
    await expect
      .poll(() => get(`${url}/claims`), { timeout: 5000 })
      .toEqual([{ client: 65545, priority: 1050, state: 'active', auto_release: false }]);
    expect(cs.problems).toEqual([]);
  }, 60_000);
});
