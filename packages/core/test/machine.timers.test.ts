import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import type { EvseInput } from '../src/evse/context.js';
import { evseMachine, FAULT_RETRY_MS } from '../src/evse/machine.js';

/** An actor on a virtual clock, booted and charging. */
function chargingActor(input: EvseInput = {}) {
  const clock = new SimulatedClock();
  const actor = createActor(evseMachine, { clock, input }).start();
  actor.send({ type: 'POST_OK' });
  actor.send({ type: 'EV_PLUG' });
  actor.send({ type: 'EV_REQUEST_CHARGE' });
  return { actor, clock };
}

describe('fault auto-retry (RAPI.md §4.12: 5 min, 6 retries, then hard)', () => {
  it('retries a GFCI fault after exactly 5 min and resumes charging', () => {
    const { actor, clock } = chargingActor();
    actor.send({ type: 'FAULT', kind: 'gfci' });
    clock.increment(FAULT_RETRY_MS - 1);
    expect(actor.getSnapshot().value).toEqual({ fault: 'gfci' });
    clock.increment(1);
    expect(actor.getSnapshot().value).toBe('charging'); // the EV still asks: back through B to C
    expect(actor.getSnapshot().context.faultRetries).toBe(1);
    actor.stop();
  });

  it('becomes a hard fault on the 7th trip and no longer retries', () => {
    const { actor, clock } = chargingActor();
    for (let i = 1; i <= 6; i++) {
      actor.send({ type: 'FAULT', kind: 'noGround' });
      expect(actor.getSnapshot().context.hardFault).toBe(false);
      clock.increment(FAULT_RETRY_MS);
      expect(actor.getSnapshot().context.faultRetries).toBe(i);
    }
    actor.send({ type: 'FAULT', kind: 'noGround' });
    expect(actor.getSnapshot().context.hardFault).toBe(true);
    expect(actor.getSnapshot().context.vflags & 0x0002).toBe(0x0002);
    clock.increment(FAULT_RETRY_MS * 3);
    expect(actor.getSnapshot().value).toEqual({ fault: 'noGround' });
    actor.send({ type: 'EV_UNPLUG' });
    expect(actor.getSnapshot().value).toBe('notConnected');
    expect(actor.getSnapshot().context.faultRetries).toBe(0); // a new episode starts afresh
    actor.stop();
  });

  it('an unplug cancels the pending retry', () => {
    const { actor, clock } = chargingActor();
    actor.send({ type: 'FAULT', kind: 'gfci' });
    actor.send({ type: 'EV_UNPLUG' });
    expect(actor.getSnapshot().value).toBe('notConnected');
    clock.increment(FAULT_RETRY_MS);
    expect(actor.getSnapshot().value).toBe('notConnected');
    expect(actor.getSnapshot().context.faultRetries).toBe(0);
    actor.stop();
  });

  it('the emulator can shorten the delay with .provide()', () => {
    const clock = new SimulatedClock();
    const machine = evseMachine.provide({ delays: { faultRetry: 1000 } });
    const actor = createActor(machine, { clock }).start();
    actor.send({ type: 'POST_OK' });
    actor.send({ type: 'FAULT', kind: 'gfci' });
    clock.increment(1000);
    expect(actor.getSnapshot().value).toBe('notConnected');
    actor.stop();
  });

  it('a mirror never retries on its own', () => {
    const { actor, clock } = chargingActor({ mirror: true });
    actor.send({ type: 'DEVICE_STATE', evseState: 0x06, pilotState: 0, vflags: 0x0180 });
    clock.increment(FAULT_RETRY_MS * 2);
    expect(actor.getSnapshot().value).toEqual({ fault: 'gfci' });
    actor.stop();
  });
});

describe('provided actions', () => {
  it('calls the emulator-supplied relay and pilot actions in order', () => {
    const calls: string[] = [];
    const log = (name: string) => () => {
      calls.push(name);
    };
    const machine = evseMachine.provide({
      actions: {
        openRelay: log('open'),
        closeRelay: log('close'),
        pilotPwm: log('pwm'),
        pilotSteady: log('steady'),
        countFault: log('count'),
      },
    });
    const actor = createActor(machine).start();
    actor.send({ type: 'POST_OK' });
    calls.length = 0;
    actor.send({ type: 'EV_PLUG' });
    actor.send({ type: 'EV_REQUEST_CHARGE' });
    actor.send({ type: 'FAULT', kind: 'gfci' });
    expect(calls).toEqual(['open', 'pwm', 'close', 'pwm', 'open', 'open', 'steady', 'count']);
    actor.stop();
  });
});
