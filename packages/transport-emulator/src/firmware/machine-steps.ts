/**
 * Core's `evseMachine` stepped as a pure function, memoised. A transition depends only on the
 * snapshot and the event (the machine's guards and assignments read nothing else), and
 * snapshots are immutable, so equal snapshots are interned and each (snapshot, event) step is
 * computed once per process, with xstate's public pure `transition()` / `initialTransition()`
 * (no private actor-scope internals, so an xstate update cannot break it): 10,000 emulators
 * walking the same states share their snapshots and replay the step's recorded actions
 * instead of re-running xstate's microstep algorithm and its inert actor.
 */

import { type EvseEvent, evseMachine } from '@evse/core';
import { initialTransition, transition } from 'xstate';

/** A machine snapshot. */
export type Snapshot = ReturnType<typeof evseMachine.getInitialSnapshot>;

/** An action the machine hands to its executor (xstate's ExecutableActionObject). */
export interface MachineAction {
  readonly type: string;
  readonly info: { context: Snapshot['context']; event: EvseEvent };
  readonly params: unknown;
}

/** Runs the actions of a step, in order, while the step is taken. */
export interface ActionRunner {
  execute(action: MachineAction): void;
}

interface Step {
  readonly next: Snapshot;
  readonly actions: readonly MachineAction[];
}

/** Bound on interned snapshots: past it, steps are still correct, just no longer cached. */
const MAX_INTERNED = 4096;

/** Canonical snapshot by content. */
const interned = new Map<string, Snapshot>();
/** Steps out of each interned snapshot, by event key (only interned snapshots have an entry). */
const steps = new WeakMap<Snapshot, Map<string, Step>>();
const initial = new Map<string, Step>();

function eventKey(event: EvseEvent): string {
  let key = '';
  for (const [name, value] of Object.entries(event)) key += `${name}=${String(value)};`;
  return key;
}

/** The snapshot equal to `s` that is shared, or `null` when it cannot be shared. */
function intern(s: Snapshot): Snapshot | null {
  if (s.status !== 'active') return null;
  const v = s.value;
  const key = `${typeof v === 'string' ? v : JSON.stringify(v)}|${JSON.stringify(s.context)}`;
  const found = interned.get(key);
  if (found) return found;
  if (interned.size >= MAX_INTERNED) return null;
  interned.set(key, s);
  steps.set(s, new Map());
  return s;
}

/** Run a step's actions, in order, before its snapshot is committed (as an actor does). */
function replay(step: Step, run: ActionRunner): Snapshot {
  for (const action of step.actions) run.execute(action);
  return step.next;
}

/**
 * The power-up snapshot of a build: AUTH_LOCK boots locked, and from D6.1.0 locks again on
 * every move to state A (`relockInA`, core's firmware table). Its entry actions run on `run`.
 */
export function initialSnapshot(
  build: { readonly authLock: boolean; readonly authRelockInA: boolean },
  run: ActionRunner,
): Snapshot {
  const { authLock } = build;
  const relock = authLock && build.authRelockInA;
  const key = `${authLock} ${relock}`;
  const cached = initial.get(key);
  if (cached) return replay(cached, run);
  const input = { authLock: relock, authLockAtBoot: authLock };
  const [snapshot, actions] = initialTransition(evseMachine, input);
  const step: Step = { next: snapshot as Snapshot, actions: actions as unknown as MachineAction[] };
  const next = intern(step.next);
  if (next) initial.set(key, { next, actions: step.actions });
  replay(step, run);
  return next ?? step.next;
}

/** Take `event` in `snapshot`: its actions run on `run`; returns the next snapshot. */
export function takeStep(snapshot: Snapshot, event: EvseEvent, run: ActionRunner): Snapshot {
  const out = steps.get(snapshot);
  const key = out ? eventKey(event) : '';
  const cached = out?.get(key);
  if (cached) return replay(cached, run);
  const [after, actions] = transition(evseMachine, snapshot, event);
  const step: Step = { next: after as Snapshot, actions: actions as unknown as MachineAction[] };
  const next = intern(step.next);
  replay(step, run);
  if (!next) return step.next;
  // Only steps between shared snapshots are kept.
  out?.set(key, { next, actions: step.actions });
  return next;
}
