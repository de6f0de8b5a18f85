/**
 * Core's `evseMachine` stepped as a pure function, memoised. A transition depends only on the
 * snapshot and the event (the machine's guards and assignments read nothing else), and
 * snapshots are immutable, so equal snapshots are interned and each (snapshot, event) step is
 * computed once per process: 10,000 emulators walking the same states share their snapshots
 * and replay the step's recorded actions instead of re-running xstate's microstep algorithm.
 */

import { type EvseEvent, evseMachine } from '@evse/core';
import type { AnyActorScope } from 'xstate';

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
const initial = new Map<boolean, Step>();

/** Where the step being computed sends its actions (steps are synchronous; may nest). */
let runner: ActionRunner | null = null;
let recorded: MachineAction[] | null = null;

/**
 * One actor scope for every step: the machine only passes `self`/`system` on, reports each
 * action to `actionExecutor` and sends inspection events nobody listens to.
 */
const scope = {
  self: undefined,
  id: '',
  sessionId: '',
  logger() {},
  defer() {},
  emit() {},
  stopChild() {},
  system: { _sendInspectionEvent() {} },
  actionExecutor(action: MachineAction) {
    recorded?.push(action);
    runner?.execute(action);
  },
} as unknown as AnyActorScope;

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

/** Compute a step with xstate, running and recording its actions. */
function compute(take: () => Snapshot, run: ActionRunner): Step {
  const prevRunner = runner;
  const prevRecorded = recorded;
  const actions: MachineAction[] = [];
  runner = run;
  recorded = actions;
  try {
    return { next: take(), actions };
  } finally {
    runner = prevRunner;
    recorded = prevRecorded;
  }
}

/** The power-up snapshot of a build (`authLock` or not); its entry actions run on `run`. */
export function initialSnapshot(authLock: boolean, run: ActionRunner): Snapshot {
  const cached = initial.get(authLock);
  if (cached) {
    for (const action of cached.actions) run.execute(action);
    return cached.next;
  }
  const input = { authLock, authLockAtBoot: authLock };
  const step = compute(() => evseMachine.getInitialSnapshot(scope, input) as Snapshot, run);
  const next = intern(step.next);
  if (next) initial.set(authLock, { next, actions: step.actions });
  return next ?? step.next;
}

/** Take `event` in `snapshot`: its actions run on `run`; returns the next snapshot. */
export function takeStep(snapshot: Snapshot, event: EvseEvent, run: ActionRunner): Snapshot {
  const out = steps.get(snapshot);
  const key = out ? eventKey(event) : '';
  const cached = out?.get(key);
  if (cached) {
    for (const action of cached.actions) run.execute(action);
    return cached.next;
  }
  const step = compute(() => evseMachine.transition(snapshot, event, scope) as Snapshot, run);
  const next = intern(step.next);
  if (!next) return step.next;
  // Only steps between shared snapshots are kept.
  out?.set(key, { next, actions: step.actions });
  return next;
}
