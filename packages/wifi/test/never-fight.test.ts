/**
 * OCPP authorization and the module's manual override never fight (issue 16): a real OCPP
 * charge point (claiming through the claim book, as `evse bridge --wifi` wires it) and a
 * central system, an emulated station, and random steps — card swipes, plug/unplug, override
 * POST/PATCH/DELETE — with the module's priority rules checked after every step: the OCPP
 * claim (1050) decides the state over the manual one (1000), `/status` says so, and the
 * controller follows (asleep while OCPP says no, awake while it says yes).
 */
import { type ChargePoint, createCentralSystem, createChargePoint } from '@evse/ocpp15';
import { filter, firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENTS } from '../src/index.js';
import { call, postJson, type Rig, startRig } from './support/rig.js';

let rig: Rig | null = null;
let cp: ChargePoint | null = null;
let cs: Awaited<ReturnType<typeof createCentralSystem>> | null = null;
afterEach(async () => {
  await cp?.close();
  await rig?.close();
  await cs?.close();
  cp = null;
  rig = null;
  cs = null;
});

/** A small seeded PRNG (mulberry32): the same steps on every run, and a seed to replay. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STEPS = [
  'swipe',
  'plug',
  'unplug',
  'override-active',
  'override-disabled',
  'toggle',
  'delete',
] as const;

describe('OCPP claims and the manual override', () => {
  it.each([1, 2])(
    'keep the module priority rules after every random step (seed %i)',
    async (seed) => {
      cs = await createCentralSystem({ allow: ['CP-1'], tags: { TAG1: 'Accepted' } });
      rig = await startRig();
      const { url, emulator, book } = rig;
      cp = createChargePoint({
        url: cs.url,
        chargeBoxId: 'CP-1',
        station: rig.station,
        arbiter: book,
        vendor: 'OpenEVSE',
        model: 'v5',
      });
      await firstValueFrom(cp.events$.pipe(filter((e) => e.type === 'booted')));
      const random = prng(seed);
      const log: string[] = [];
      for (let i = 0; i < 14; i++) {
        const step = STEPS[Math.floor(random() * STEPS.length)] ?? 'swipe';
        log.push(step);
        const plugged = emulator.control.status().evConnected;
        if (step === 'swipe') await cp.authorize('TAG1');
        else if (step === 'plug' && !plugged) {
          emulator.control.plugIn();
          emulator.control.startCharging();
        } else if (step === 'unplug' && plugged) emulator.control.unplug();
        else if (step === 'override-active')
          await call(`${url}/override`, postJson({ state: 'active' }));
        else if (step === 'override-disabled')
          await call(`${url}/override`, postJson({ state: 'disabled' }));
        else if (step === 'toggle') await call(`${url}/override`, { method: 'PATCH' });
        else if (step === 'delete') await call(`${url}/override`, { method: 'DELETE' });

        const where = `seed ${seed}, steps ${log.join(' → ')}`;
        await expect
          .poll(
            async () => {
              const ocpp = book.get(CLIENTS.ocpp.id);
              const target = (await call(`${url}/claims/target`)).json as {
                properties: { state: string };
                claims: { state?: number };
              };
              const status = (await call(`${url}/status`)).json as {
                status: string;
                state: number;
              };
              const want = ocpp?.properties.state;
              const asleep = status.state === 254;
              return {
                // OCPP's claim always decides the state, whatever the manual override says.
                decidedBy: target.claims.state,
                target: target.properties.state,
                status: status.status,
                // The controller follows: asleep exactly while the target is disabled.
                controllerAsleep: asleep,
                want,
              };
            },
            { timeout: 10_000, message: where },
          )
          .toEqual({
            decidedBy: CLIENTS.ocpp.id,
            target: book.get(CLIENTS.ocpp.id)?.properties.state,
            status: book.get(CLIENTS.ocpp.id)?.properties.state,
            controllerAsleep: book.get(CLIENTS.ocpp.id)?.properties.state === 'disabled',
            want: book.get(CLIENTS.ocpp.id)?.properties.state,
          });
        // Never charging without OCPP's permission.
        if (book.get(CLIENTS.ocpp.id)?.properties.state === 'disabled') {
          expect(emulator.control.status().state, where).not.toBe('charging');
        }
      }
      expect(new Set(log).size).toBeGreaterThan(3); // the walk really mixed the kinds of step
    },
    120_000,
  );
});
