import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import { evseStateCode } from '../src/evse/codes-map.js';
import type { EvseInput } from '../src/evse/context.js';
import type { EvseEvent } from '../src/evse/events.js';
import { evseMachine } from '../src/evse/machine.js';

type Snap = ReturnType<typeof transition<typeof evseMachine>>[0];

/** Run events through pure `transition()`; returns the final snapshot and every action type. */
function run(events: EvseEvent[], input: EvseInput = {}) {
  let [snap, actions] = initialTransition(evseMachine, input);
  const types = actions.map((a) => a.type);
  for (const e of events) {
    [snap, actions] = transition(evseMachine, snap, e);
    types.push(...actions.map((a) => a.type));
  }
  return { snap, types, code: evseStateCode(snap as AnyMachineSnapshot) };
}

const step = (snap: Snap, e: EvseEvent) => transition(evseMachine, snap, e);
const hex = (n: number) => n.toString(16).padStart(4, '0');

describe('boot (RAPI.md §4.1)', () => {
  it('starts in `starting` with boot vflags 0200 and waits for POST', () => {
    const { snap, code } = run([]);
    expect(snap.value).toBe('starting');
    expect(code).toBe(0x00);
    expect(hex(snap.context.vflags)).toBe('0200');
    expect(run([{ type: 'EV_PLUG' }]).snap.value).toBe('starting');
  });

  it('AUTH_LOCK=1 builds boot locked (vflags 0208)', () => {
    const { snap } = run([], { authLock: true });
    expect(snap.context.authLocked).toBe(true);
    expect(hex(snap.context.vflags)).toBe('0208');
  });

  it('POST_OK goes to A without an EV and to B with one', () => {
    expect(run([{ type: 'POST_OK' }]).snap.value).toBe('notConnected');
    const withEv = run([{ type: 'POST_OK' }], { evConnected: true });
    expect(withEv.snap.value).toBe('connected');
    expect(withEv.code).toBe(0x02);
  });

  it('POST failure goes to the fault with pilot 00 and vflags 0200 (no HARD_FAULT bit)', () => {
    const { snap, code } = run([{ type: 'POST_FAILED', kind: 'noGround' }]);
    expect(snap.value).toEqual({ fault: 'noGround' });
    expect(code).toBe(0x07);
    expect(snap.context.pilotState).toBe(0);
    expect(hex(snap.context.vflags)).toBe('0200');
  });

  it('a failed POST holds through unplug on UL builds, and re-runs POST after FAULT_CLEARED', () => {
    const held = run([{ type: 'POST_FAILED', kind: 'stuckRelay' }, { type: 'EV_UNPLUG' }]);
    expect(held.snap.value).toEqual({ fault: 'stuckRelay' });
    const cleared = run([{ type: 'POST_FAILED', kind: 'gfiSelfTest' }, { type: 'FAULT_CLEARED' }]);
    expect(cleared.snap.value).toBe('starting');
    expect(
      run([{ type: 'POST_FAILED', kind: 'noGround' }, { type: 'REBOOT' }, { type: 'POST_OK' }]).snap
        .value,
    ).toBe('notConnected');
  });
});

describe('pilot-driven A/B/C (RAPI.md §4.2, §3.4 typical vflags)', () => {
  const boot: EvseEvent[] = [{ type: 'POST_OK' }];

  it('walks A → B → C → B → A with the documented vflags', () => {
    let [s] = initialTransition(evseMachine, {});
    const seen: string[] = [];
    for (const e of [
      ...boot,
      { type: 'EV_PLUG' },
      { type: 'EV_REQUEST_CHARGE' },
      { type: 'EV_STOP_CHARGE' },
      { type: 'EV_UNPLUG' },
    ] as EvseEvent[]) {
      [s] = step(s, e);
      seen.push(`${String(s.value)} ${s.context.pilotState} ${hex(s.context.vflags)}`);
    }
    expect(seen).toEqual([
      'notConnected 1 0200',
      'connected 2 0700',
      'charging 3 0540',
      'connected 2 0500',
      'notConnected 1 0200',
    ]);
  });

  it('closes the relay on entry to C and opens it on leaving', () => {
    const { types } = run([
      ...boot,
      { type: 'EV_PLUG' },
      { type: 'EV_REQUEST_CHARGE' },
      { type: 'EV_UNPLUG' },
    ]);
    const close = types.indexOf('closeRelay');
    expect(close).toBeGreaterThan(-1);
    expect(types.indexOf('openRelay', close)).toBeGreaterThan(close);
    expect(types).toContain('sessionStart');
    expect(types).toContain('sessionEnd');
  });

  it('ignores a charge request without an EV', () => {
    expect(run([...boot, { type: 'EV_REQUEST_CHARGE' }, { type: 'EV_PLUG' }]).snap.value).toBe(
      'connected',
    );
  });

  it('SET_CURRENT updates the capacity and re-drives the pilot', () => {
    const { snap, types } = run([...boot, { type: 'EV_PLUG' }, { type: 'SET_CURRENT', amps: 16 }]);
    expect(snap.context.currentCapacity).toBe(16);
    expect(types.at(-2)).toBe('pilotPwm');
  });
});

describe('auth lock (RAPI.md §4.10)', () => {
  const locked: EvseInput = { authLock: true };
  const toB: EvseEvent[] = [
    { type: 'POST_OK' },
    { type: 'EV_PLUG' },
    { type: 'EV_REQUEST_CHARGE' },
  ];

  it('a locked EVSE stays in B with a steady pilot even when the EV asks', () => {
    const { snap, types } = run(toB, locked);
    expect(snap.value).toBe('connected');
    expect(hex(snap.context.vflags)).toBe('0708');
    expect(types).not.toContain('pilotPwm');
  });

  it('AUTH_UNLOCK re-runs the B entry with PWM and then charges', () => {
    const { snap, types } = run([...toB, { type: 'AUTH_UNLOCK' }], locked);
    expect(snap.value).toBe('charging');
    expect(types.slice(-6)).toEqual([
      'openRelay',
      'pilotPwm',
      'notify',
      'closeRelay',
      'pilotPwm',
      'notify',
    ]);
  });

  it('AUTH_LOCK forces C back to B', () => {
    const { snap } = run([
      { type: 'POST_OK' },
      { type: 'EV_PLUG' },
      { type: 'EV_REQUEST_CHARGE' },
      { type: 'AUTH_LOCK' },
    ]);
    expect(snap.value).toBe('connected');
    expect(snap.context.authLocked).toBe(true);
  });

  it('re-locks on every entry to A on AUTH_LOCK builds only', () => {
    const events: EvseEvent[] = [...toB, { type: 'AUTH_UNLOCK' }, { type: 'EV_UNPLUG' }];
    expect(run(events, locked).snap.context.authLocked).toBe(true);
    expect(run(events, { authLock: true, authLockAtBoot: false }).snap.context.authLocked).toBe(
      true,
    );
    expect(run([{ type: 'POST_OK' }]).snap.context.authLocked).toBe(false);
  });
});

describe('sleep, disable, enable (RAPI.md §4.4)', () => {
  const charging: EvseEvent[] = [
    { type: 'POST_OK' },
    { type: 'EV_PLUG' },
    { type: 'EV_REQUEST_CHARGE' },
  ];

  it('sleep freezes the pilot field and opens the relay', () => {
    const { snap, code, types } = run([...charging, { type: 'SLEEP' }]);
    expect(code).toBe(0xfe);
    expect(snap.context.pilotState).toBe(3); // `$AT fe 03 …` after sleeping during a charge
    expect(types.slice(-3)).toEqual(['pilotSteady', 'openRelay', 'notify']);
    expect(snap.context.vflags & 0x0040).toBe(0);
  });

  it('tracks plug/unplug while sleeping, with 0x0400 showing the previous pass', () => {
    let [s] = initialTransition(evseMachine, {});
    [s] = step(s, { type: 'POST_OK' });
    [s] = step(s, { type: 'SLEEP' });
    [s] = step(s, { type: 'EV_PLUG' });
    expect(hex(s.context.vflags)).toBe('0300');
    [s] = step(s, { type: 'ENABLE' });
    expect(s.value).toBe('connected');
    [s] = step(s, { type: 'SLEEP' });
    [s] = step(s, { type: 'EV_UNPLUG' });
    expect(s.value).toBe('sleeping'); // a user sleep does not end on unplug
    expect(hex(s.context.vflags)).toBe('0600');
  });

  it('a limit sleep sets 0x0004 and ends by itself on unplug', () => {
    const slept = run([...charging, { type: 'SLEEP', reason: 'limit' }]);
    expect(hex(slept.snap.context.vflags)).toBe('0504');
    const after = run([...charging, { type: 'SLEEP', reason: 'limit' }, { type: 'EV_UNPLUG' }]);
    expect(after.snap.value).toBe('notConnected');
    expect(after.snap.context.vflags & 0x0004).toBe(0);
  });

  it('ENABLE acts only from sleeping/disabled and re-evaluates the pilot', () => {
    expect(run([{ type: 'POST_OK' }, { type: 'ENABLE' }]).snap.value).toBe('notConnected');
    expect(run([...charging, { type: 'ENABLE' }]).snap.value).toBe('charging');
    expect(run([...charging, { type: 'SLEEP' }, { type: 'ENABLE' }]).snap.value).toBe('charging');
    expect(run([{ type: 'POST_OK' }, { type: 'DISABLE' }, { type: 'ENABLE' }]).snap.value).toBe(
      'notConnected',
    );
  });

  it('disable drives the pilot to −12 V; plug events change no vflags until enabled', () => {
    const { snap, types, code } = run([
      { type: 'POST_OK' },
      { type: 'DISABLE' },
      { type: 'EV_PLUG' },
    ]);
    expect(code).toBe(0xff);
    expect(types).toContain('pilotOff');
    expect(snap.context.evConnected).toBe(true);
    expect(hex(snap.context.vflags)).toBe('0200');
    const [enabled] = step(snap, { type: 'ENABLE' });
    expect(enabled.value).toBe('connected');
    expect(hex(enabled.context.vflags)).toBe('0700');
  });

  it('SLEEP and DISABLE overwrite a fault (the firmware does not block them)', () => {
    const { snap } = run([
      { type: 'POST_OK' },
      { type: 'FAULT', kind: 'ventRequired' },
      { type: 'DISABLE' },
    ]);
    expect(snap.value).toBe('disabled');
    expect(snap.context.fault).toBeNull();
    expect(snap.context.hardFault).toBe(false);
  });
});

describe('faults (RAPI.md §4.12)', () => {
  const charging: EvseEvent[] = [
    { type: 'POST_OK' },
    { type: 'EV_PLUG' },
    { type: 'EV_REQUEST_CHARGE' },
  ];

  it('GFCI opens the relay, sets 0x0080, counts, and is not hard', () => {
    const { snap, types, code } = run([...charging, { type: 'FAULT', kind: 'gfci' }]);
    expect(code).toBe(0x06);
    expect(snap.context).toMatchObject({ fault: 'gfci', hardFault: false, pilotState: 0 });
    expect(snap.context.vflags & 0x0080).toBe(0x0080);
    expect(snap.context.vflags & 0x0040).toBe(0);
    expect(types.slice(-5)).toEqual([
      'openRelay',
      'pilotSteady',
      'countFault',
      'notify',
      'xstate.raise',
    ]);
  });

  it('hard faults set 0x0002 and end on unplug; GFI_TRIPPED survives', () => {
    for (const kind of [
      'ventRequired',
      'diodeCheck',
      'gfiSelfTest',
      'overTemperature',
      'overCurrent',
    ] as const) {
      const hard = run([...charging, { type: 'FAULT', kind }]);
      expect(hard.snap.context.hardFault, kind).toBe(true);
      expect(hard.snap.context.vflags & 0x0002, kind).toBe(0x0002);
      const [after] = step(hard.snap, { type: 'EV_UNPLUG' });
      expect(after.value, kind).toBe('notConnected');
      expect(after.context.vflags & 0x0002, kind).toBe(0);
    }
    expect(run([...charging, { type: 'FAULT', kind: 'diodeCheck' }]).snap.context.pilotState).toBe(
      5,
    );
    expect(
      run([...charging, { type: 'FAULT', kind: 'ventRequired' }]).snap.context.pilotState,
    ).toBe(4);
  });

  it('a stuck relay is not cleared by unplug on UL builds, but is on others', () => {
    const events: EvseEvent[] = [
      ...charging,
      { type: 'FAULT', kind: 'stuckRelay' },
      { type: 'EV_UNPLUG' },
    ];
    const ul = run(events);
    expect(ul.snap.value).toEqual({ fault: 'stuckRelay' });
    expect(ul.snap.context.evConnected).toBe(false);
    expect(run(events, { ulBuild: false }).snap.value).toBe('notConnected');
    const [cleared] = step(ul.snap, { type: 'FAULT_CLEARED' });
    expect(cleared.value).toBe('notConnected');
  });

  it('`FAULT` with hard: true makes a GFCI trip hard at once (UL: within 2 s of relay close)', () => {
    const { snap } = run([...charging, { type: 'FAULT', kind: 'gfci', hard: true }]);
    expect(snap.context.hardFault).toBe(true);
  });
});
