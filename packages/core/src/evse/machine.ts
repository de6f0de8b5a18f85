import { assign, enqueueActions, setup } from 'xstate';
import { ALL_STATE_CODES } from './codes-map.js';
import { type EvseContext, type EvseInput, initialContext } from './context.js';
import type { EvseEvent } from './events.js';
import { FAULT_KINDS, type FaultKind } from './faults.js';
import * as u from './updates.js';

type Args = { context: EvseContext; event: EvseEvent };
type Update = (context: EvseContext, event: EvseEvent) => Partial<EvseContext>;

/**
 * Device-side context updates are skipped when the state was entered through the host
 * mirror event: then the device's own report (applied by `mirrorDevice`) is the truth.
 */
const device =
  (update: Update) =>
  ({ context, event }: Args): Partial<EvseContext> =>
    event.type === 'DEVICE_STATE' ? {} : update(context, event);

/** Time before a GFCI / no-ground fault is retried (RAPI.md §4.12). */
export const FAULT_RETRY_MS = 5 * 60 * 1000;

const toFault = FAULT_KINDS.map((f) => ({
  guard: { type: 'faultKindIs', params: { kind: f.kind } },
  target: `#evse.fault.${f.kind}`,
})) as { guard: { type: 'faultKindIs'; params: { kind: FaultKind } }; target: string }[];

const mirrorTargets = ALL_STATE_CODES.map((s) => ({
  guard: { type: 'deviceStateIs', params: { code: s.code } },
  target: s.fault ? `#evse.fault.${s.fault}` : `#evse.${s.state}`,
  actions: 'mirrorDevice',
})) as {
  guard: { type: 'deviceStateIs'; params: { code: number } };
  target: string;
  actions: 'mirrorDevice';
}[];

/**
 * The OpenEVSE 8.2.3 controller as an XState v5 statechart (RAPI.md §4). Pure logic: the
 * named actions below do nothing by default; the emulator supplies them with `.provide()`.
 * Build options come from `input` ({@link EvseInput}).
 */
export const evseMachine = setup({
  types: {
    context: {} as EvseContext,
    events: {} as EvseEvent,
    input: {} as EvseInput | undefined,
  },
  actions: {
    // Side effects (no-ops here; the emulator provides them).
    openRelay: () => {},
    closeRelay: () => {},
    pilotSteady: () => {},
    pilotPwm: () => {},
    pilotOff: () => {},
    countFault: () => {},
    sessionStart: () => {},
    sessionEnd: () => {},
    notify: () => {},
    // B pilot: steady +12 V while auth-locked, PWM otherwise (RAPI.md §4.10).
    pilotForB: enqueueActions<
      EvseContext,
      EvseEvent,
      undefined,
      EvseEvent,
      never,
      { type: 'pilotSteady'; params: undefined } | { type: 'pilotPwm'; params: undefined },
      never,
      never,
      never
    >(({ context, enqueue }) => {
      enqueue(context.authLocked ? 'pilotSteady' : 'pilotPwm');
    }),
    // Context updates.
    plugIn: assign(({ context, event }) => u.plugIn(context, event)),
    unplug: assign(({ context, event }) => u.unplug(context, event)),
    plugSilently: assign(({ context, event }) => u.plugSilently(context, event)),
    wantCharge: assign({ evWantsCharge: ({ context }) => context.evConnected }),
    stopCharge: assign({ evWantsCharge: false }),
    setAuth: assign(({ context, event }) => u.setAuth(context, event)),
    setCurrent: assign({
      currentCapacity: ({ context, event }) =>
        event.type === 'SET_CURRENT' ? event.amps : context.currentCapacity,
    }),
    markPosted: assign({ posted: true, postFailed: false }),
    markPostFailed: assign({ postFailed: true }),
    countRetry: assign({ faultRetries: ({ context }) => context.faultRetries + 1 }),
    resetRetries: assign({ faultRetries: 0 }),
    enterA: assign(device(u.enterA)),
    enterB: assign(device(u.enterB)),
    enterC: assign(device(u.enterC)),
    exitC: assign(device(u.exitC)),
    enterSleep: assign(device(u.enterSleep)),
    exitSleep: assign(device(u.exitSleep)),
    enterFault: assign(({ context, event }, params: { kind: FaultKind }) =>
      event.type === 'DEVICE_STATE' ? {} : u.enterFault(context, event, params.kind),
    ),
    exitFault: assign(device(u.exitFault)),
    mirrorDevice: assign(({ context, event }) => u.mirrorDevice(context, event)),
    reboot: assign(({ context }) => initialContext(context.options)),
  },
  guards: {
    ready: ({ context }) => context.posted && !context.options.mirror,
    readyWithEv: ({ context }) => context.posted && !context.options.mirror && context.evConnected,
    canCharge: ({ context }) =>
      !context.options.mirror && context.evWantsCharge && !context.authLocked,
    canRetry: ({ context }) =>
      !context.options.mirror &&
      !context.hardFault &&
      !(context.postFailed && context.options.ulBuild),
    limitSleep: ({ context }) => context.limitSleep,
    // RAPI.md §4.12: hard faults end on unplug, except a stuck relay or a failed POST on UL.
    clearedByUnplug: ({ context }) =>
      !(context.options.ulBuild && (context.fault === 'stuckRelay' || context.postFailed)),
    faultKindIs: ({ event }, params: { kind: FaultKind }) =>
      (event.type === 'FAULT' || event.type === 'POST_FAILED') && event.kind === params.kind,
    deviceStateIs: ({ event }, params: { code: number }) =>
      event.type === 'DEVICE_STATE' && event.evseState === params.code,
  },
  delays: { faultRetry: FAULT_RETRY_MS },
}).createMachine({
  id: 'evse',
  context: ({ input }) => initialContext(input ?? {}),
  initial: 'starting',
  on: {
    EV_PLUG: { actions: ['plugIn', 'sessionStart', 'notify'] },
    EV_UNPLUG: { actions: ['unplug', 'sessionEnd', 'notify'] },
    EV_REQUEST_CHARGE: { actions: 'wantCharge' },
    EV_STOP_CHARGE: { actions: 'stopCharge' },
    AUTH_LOCK: { actions: ['setAuth', 'notify'] },
    AUTH_UNLOCK: { actions: ['setAuth', 'notify'] },
    SET_CURRENT: { actions: ['setCurrent', 'notify'] },
    // The firmware does not block $FS/$FD in any state (RAPI.md §4.4).
    SLEEP: { target: '.sleeping' },
    DISABLE: { target: '.disabled' },
    FAULT: toFault,
    DEVICE_STATE: mirrorTargets,
    REBOOT: { target: '.starting', actions: 'reboot' },
  },
  states: {
    // 0x00: boot/POST, or just enabled (RAPI.md §4.1, §4.4). Once POST has passed the
    // pilot is re-evaluated at once (no `$AT` is sent for 00).
    starting: {
      entry: ['openRelay', 'pilotSteady'],
      always: [
        { guard: 'readyWithEv', target: 'connected' },
        { guard: 'ready', target: 'notConnected' },
      ],
      on: {
        POST_OK: { actions: 'markPosted' },
        POST_FAILED: toFault.map((t) => ({ ...t, actions: 'markPostFailed' as const })),
      },
    },
    // 0x01, state A (RAPI.md §4.2).
    notConnected: {
      entry: ['openRelay', 'pilotSteady', 'enterA', 'notify'],
      on: { EV_PLUG: { target: 'connected', actions: ['plugIn', 'sessionStart'] } },
    },
    // 0x02, state B; goes on to C as soon as the EV asks and auth allows (RAPI.md §4.10).
    connected: {
      entry: ['openRelay', 'enterB', 'pilotForB', 'notify'],
      always: { guard: 'canCharge', target: 'charging' },
      on: {
        EV_UNPLUG: { target: 'notConnected', actions: ['unplug', 'sessionEnd'] },
        // `$S4` re-runs the B entry at once (RAPI.md §4.10: `$OK` then `$AT 02 02 …`).
        AUTH_LOCK: { target: 'connected', reenter: true, actions: 'setAuth' },
        AUTH_UNLOCK: { target: 'connected', reenter: true, actions: 'setAuth' },
        SET_CURRENT: { actions: ['setCurrent', 'pilotForB', 'notify'] },
      },
    },
    // 0x03, state C: relay closed.
    charging: {
      entry: ['closeRelay', 'pilotPwm', 'enterC', 'notify'],
      exit: ['openRelay', 'exitC'],
      on: {
        EV_STOP_CHARGE: { target: 'connected', actions: 'stopCharge' },
        EV_UNPLUG: { target: 'notConnected', actions: ['unplug', 'sessionEnd'] },
        AUTH_LOCK: { target: 'connected', actions: 'setAuth' },
        SET_CURRENT: { actions: ['setCurrent', 'pilotPwm', 'notify'] },
      },
    },
    // 0xFE (RAPI.md §4.4): plug/unplug still tracked; a limit sleep ends on unplug.
    sleeping: {
      entry: ['pilotSteady', 'openRelay', 'enterSleep', 'notify'],
      exit: 'exitSleep',
      on: {
        SLEEP: {},
        ENABLE: { target: 'starting' },
        // `$FS` may be served in the first loop pass after POST, while the state is still 00
        // (debounce, open_evse 8.2.3 J1772EvseController.cpp Update()): POST still passed.
        POST_OK: { actions: 'markPosted' },
        EV_UNPLUG: [
          { guard: 'limitSleep', target: 'notConnected', actions: ['unplug', 'sessionEnd'] },
          { actions: ['unplug', 'sessionEnd', 'notify'] },
        ],
      },
    },
    // 0xFF: pilot −12 V, the pilot is no longer evaluated (RAPI.md §4.4).
    disabled: {
      entry: ['pilotOff', 'openRelay', 'notify'],
      on: {
        DISABLE: {},
        ENABLE: { target: 'starting' },
        POST_OK: { actions: 'markPosted' }, // as in sleeping
        EV_PLUG: { actions: ['plugSilently', 'sessionStart'] },
        EV_UNPLUG: { actions: ['plugSilently', 'sessionEnd'] },
      },
    },
    // 0x04–0x0E (RAPI.md §4.12): relay open, pilot +12 V.
    fault: {
      entry: ['openRelay', 'pilotSteady'],
      exit: 'exitFault',
      // Required by xstate for a compound state; every transition here names its child.
      initial: 'ventRequired',
      on: {
        EV_UNPLUG: [
          {
            guard: 'clearedByUnplug',
            target: 'starting',
            actions: ['unplug', 'sessionEnd', 'resetRetries'],
          },
          { actions: ['unplug', 'sessionEnd', 'notify'] },
        ],
        FAULT_CLEARED: { target: 'starting', actions: 'resetRetries' },
      },
      states: {
        ventRequired: {
          entry: [{ type: 'enterFault', params: { kind: 'ventRequired' } }, 'countFault', 'notify'],
        },
        diodeCheck: {
          entry: [{ type: 'enterFault', params: { kind: 'diodeCheck' } }, 'countFault', 'notify'],
        },
        gfci: {
          entry: [{ type: 'enterFault', params: { kind: 'gfci' } }, 'countFault', 'notify'],
          after: {
            faultRetry: { guard: 'canRetry', target: '#evse.starting', actions: 'countRetry' },
          },
        },
        noGround: {
          entry: [{ type: 'enterFault', params: { kind: 'noGround' } }, 'countFault', 'notify'],
          after: {
            faultRetry: { guard: 'canRetry', target: '#evse.starting', actions: 'countRetry' },
          },
        },
        stuckRelay: {
          entry: [{ type: 'enterFault', params: { kind: 'stuckRelay' } }, 'countFault', 'notify'],
        },
        gfiSelfTest: {
          entry: [{ type: 'enterFault', params: { kind: 'gfiSelfTest' } }, 'countFault', 'notify'],
        },
        overTemperature: {
          entry: [
            { type: 'enterFault', params: { kind: 'overTemperature' } },
            'countFault',
            'notify',
          ],
        },
        overCurrent: {
          entry: [{ type: 'enterFault', params: { kind: 'overCurrent' } }, 'countFault', 'notify'],
        },
        relayClosure: {
          entry: [{ type: 'enterFault', params: { kind: 'relayClosure' } }, 'countFault', 'notify'],
        },
      },
    },
  },
});

/** The type of {@link evseMachine}. */
export type EvseMachine = typeof evseMachine;
