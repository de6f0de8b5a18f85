/**
 * Core's EVSE statechart as the controller's brain (STYLE.md §2.6). The machine is stepped with
 * its pure `transition()` (see machine-steps.ts) instead of a running xstate Actor: an actor
 * with its system, mailbox and scheduler costs ~3.3 KB per instance and 10,000 emulators share
 * a process. What the actor would do is done here the same way: named actions run while the
 * step is taken (before the new snapshot is committed), events sent from inside an action
 * wait until the current one is done, and delayed events (the 5-minute fault retry) run on
 * the emulator's clock.
 */

import { type EvseEvent, evseStateCode } from '@evse/core';
import { VF } from './constants.js';
import { closeRelay, countFault, openRelay, sessionEnd, sessionStart } from './hooks.js';
import {
  type ActionRunner,
  initialSnapshot,
  type MachineAction,
  type Snapshot,
  takeStep,
} from './machine-steps.js';
import type { Brain, Fw } from './state.js';

const MACHINE_FLAGS =
  VF.HARD_FAULT |
  VF.LIMIT_SLEEP |
  VF.AUTH_LOCKED |
  VF.GFI_TRIPPED |
  VF.EV_CONNECTED |
  VF.SESSION_ENDED |
  VF.EV_CONNECTED_PREV;

/** The statechart of one controller. */
class MachineBrain implements Brain, ActionRunner {
  private snapshot: Snapshot;
  private readonly fw: Fw;
  private busy = false;
  private stopped = false;
  /** Events sent by actions while a transition runs (the actor's mailbox). */
  private queue: EvseEvent[] | null = null;
  /** Pending delayed events by id (the actor system's scheduler). */
  private delayed: Map<string, unknown> | null = null;

  constructor(fw: Fw) {
    this.fw = fw;
    this.snapshot = initialSnapshot(fw.build.firmware, this);
  }

  send(event: EvseEvent): void {
    if (this.stopped) return;
    if (this.busy) {
      if (this.queue === null) this.queue = [];
      this.queue.push(event);
      return;
    }
    this.busy = true;
    try {
      let next: EvseEvent | undefined = event;
      while (next !== undefined && !this.stopped) {
        this.snapshot = takeStep(this.snapshot, next, this);
        next = this.queue?.shift();
      }
    } finally {
      this.busy = false;
      if (this.queue?.length === 0) this.queue = null;
    }
  }

  /** Run one action of the step being taken (what the actor's executor does). */
  execute(action: MachineAction): void {
    const fw = this.fw;
    switch (action.type) {
      case 'openRelay':
        openRelay(fw, action.info.event);
        return;
      case 'closeRelay':
        closeRelay(fw);
        return;
      case 'pilotSteady':
        fw.pilotMode = 'steady';
        return;
      case 'pilotPwm':
        fw.pilotMode = 'pwm';
        return;
      case 'pilotOff':
        fw.pilotMode = 'off';
        return;
      case 'countFault': {
        const { context, event } = action.info;
        if (event.type === 'FAULT' || event.type === 'POST_FAILED') {
          countFault(fw, event.kind, context.faultRetries === 0);
        }
        return;
      }
      case 'sessionStart':
        sessionStart(fw);
        return;
      case 'sessionEnd':
        sessionEnd(fw);
        return;
      case 'xstate.raise':
        this.schedule(action.params as { event: EvseEvent; id?: string; delay?: number });
        return;
      case 'xstate.cancel':
        this.cancel((action.params as { sendId: string }).sendId);
        return;
    }
  }

  private schedule({ event, id, delay }: { event: EvseEvent; id?: string; delay?: number }): void {
    if (typeof delay !== 'number') return;
    const key = id ?? '';
    this.cancel(key);
    const handle = this.fw.clock.setTimeout(() => {
      this.delayed?.delete(key);
      this.send(event);
    }, delay);
    if (this.delayed === null) this.delayed = new Map();
    this.delayed.set(key, handle);
  }

  private cancel(id: string): void {
    const handle = this.delayed?.get(id);
    if (handle === undefined) return;
    this.fw.clock.clearTimeout(handle);
    this.delayed?.delete(id);
  }

  stateName(): string {
    const v = this.snapshot.value;
    return typeof v === 'string' ? v : 'fault';
  }

  code(): number {
    return evseStateCode(this.snapshot);
  }

  pilotState(): number {
    return this.snapshot.context.pilotState;
  }

  /** Only the bits the machine owns; the firmware adds relay, timer and limit bits. */
  vflags(): number {
    return this.snapshot.context.vflags & MACHINE_FLAGS;
  }

  fault(): Snapshot['context']['fault'] {
    return this.snapshot.context.fault;
  }

  hardFault(): boolean {
    return this.snapshot.context.hardFault;
  }

  authLocked(): boolean {
    return this.snapshot.context.authLocked;
  }

  evConnected(): boolean {
    return this.snapshot.context.evConnected;
  }

  stop(): void {
    this.stopped = true;
    this.queue = null;
    if (this.delayed)
      for (const handle of this.delayed.values()) this.fw.clock.clearTimeout(handle);
    this.delayed = null;
  }
}

/** Start the statechart for `fw` (its entry actions run on `fw` at once). */
export function createBrain(fw: Fw): Brain {
  return new MachineBrain(fw);
}
