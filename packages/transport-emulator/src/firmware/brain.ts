/**
 * Core's EVSE statechart as the controller's brain (STYLE.md §6): the emulator supplies the
 * machine's named actions (relay, pilot, counters, energy session) through `.provide()` and
 * runs the actor on the emulator's clock, so the 5-minute fault retry is virtual time too.
 */

import { type EvseEvent, evseMachine, evseStateCode, type FaultKind } from '@evse/core';
import { createActor } from 'xstate';
import { VF } from './constants.js';
import type { Brain, Fw } from './state.js';

/** Hooks the firmware gives the machine's actions. */
export interface BrainHooks {
  openRelay(event: EvseEvent): void;
  closeRelay(): void;
  pilot(mode: 'steady' | 'pwm' | 'off'): void;
  countFault(kind: FaultKind, firstOfEpisode: boolean): void;
  sessionStart(): void;
  sessionEnd(): void;
}

const MACHINE_FLAGS =
  VF.HARD_FAULT |
  VF.LIMIT_SLEEP |
  VF.AUTH_LOCKED |
  VF.GFI_TRIPPED |
  VF.EV_CONNECTED |
  VF.SESSION_ENDED |
  VF.EV_CONNECTED_PREV;

/** Where each actor keeps its emulator's hooks (a property on the actor, not module state). */
const HOOKS = Symbol('evse-emulator-hooks');
const hooksOf = (self: unknown): BrainHooks => (self as { [HOOKS]: BrainHooks })[HOOKS];

/**
 * Provided once: building a machine parses every state node, far too slow per instance when
 * 10,000 emulators share a process. Each action finds its instance's hooks on `self`.
 */
const machine = evseMachine.provide({
  actions: {
    openRelay: ({ event, self }) => hooksOf(self).openRelay(event),
    closeRelay: ({ self }) => hooksOf(self).closeRelay(),
    pilotSteady: ({ self }) => hooksOf(self).pilot('steady'),
    pilotPwm: ({ self }) => hooksOf(self).pilot('pwm'),
    pilotOff: ({ self }) => hooksOf(self).pilot('off'),
    countFault: ({ context, event, self }) => {
      if (event.type === 'FAULT' || event.type === 'POST_FAILED') {
        hooksOf(self).countFault(event.kind, context.faultRetries === 0);
      }
    },
    sessionStart: ({ self }) => hooksOf(self).sessionStart(),
    sessionEnd: ({ self }) => hooksOf(self).sessionEnd(),
  },
});

/** Start the statechart for `fw`. */
export function createBrain(fw: Pick<Fw, 'build' | 'clock'>, hooks: BrainHooks): Brain {
  const actor = createActor(machine, {
    clock: { setTimeout: fw.clock.setTimeout, clearTimeout: fw.clock.clearTimeout },
    input: { authLock: fw.build.authLock, authLockAtBoot: fw.build.authLock },
  });
  (actor as unknown as { [HOOKS]: BrainHooks })[HOOKS] = hooks;
  actor.start();
  const ctx = () => actor.getSnapshot().context;
  return {
    send: (event) => actor.send(event),
    stateName() {
      const v = actor.getSnapshot().value;
      return typeof v === 'string' ? v : 'fault';
    },
    code: () => evseStateCode(actor.getSnapshot()),
    pilotState: () => ctx().pilotState,
    // Only the bits the machine owns; the firmware adds relay, timer and limit bits.
    vflags: () => ctx().vflags & MACHINE_FLAGS,
    fault: () => ctx().fault,
    hardFault: () => ctx().hardFault,
    authLocked: () => ctx().authLocked,
    evConnected: () => ctx().evConnected,
    stop: () => actor.stop(),
  };
}
