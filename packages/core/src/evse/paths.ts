import type { SnapshotFrom } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { evseStateCode } from './codes-map.js';
import type { EvseInput } from './context.js';
import type { EvseEvent } from './events.js';
import { FAULT_KINDS } from './faults.js';
import { evseMachine } from './machine.js';

/** One shortest event path from boot to a state, for scenario tests (emulator `$GS`/`$AT`). */
export interface EvsePath {
  /** Dotted state id, e.g. `charging` or `fault.gfci`. */
  state: string;
  /** RAPI EVSE state code of that state. */
  code: number;
  /** The device-side events that lead there from power-up. */
  events: EvseEvent[];
}

const POST_FAULTS = ['noGround', 'stuckRelay', 'gfiSelfTest'] as const;

/**
 * The device-side events the graph walk may use: everything except the host-mirror
 * `DEVICE_STATE` (it jumps anywhere in one step) and `REBOOT`. Delays (fault retries) are not
 * walked; they are tested with a clock.
 */
export const DEVICE_EVENTS: readonly EvseEvent[] = [
  { type: 'POST_OK' },
  // POST can only fail with these (RAPI.md §4.1 step 5).
  ...POST_FAULTS.map((kind) => ({ type: 'POST_FAILED' as const, kind })),
  { type: 'EV_PLUG' },
  { type: 'EV_UNPLUG' },
  { type: 'EV_REQUEST_CHARGE' },
  { type: 'EV_STOP_CHARGE' },
  { type: 'ENABLE' },
  { type: 'DISABLE' },
  { type: 'SLEEP' },
  { type: 'SLEEP', reason: 'limit' },
  { type: 'AUTH_LOCK' },
  { type: 'AUTH_UNLOCK' },
  ...FAULT_KINDS.map((f) => ({ type: 'FAULT' as const, kind: f.kind })),
  { type: 'FAULT_CLEARED' },
];

/**
 * Graph-walk identity of a snapshot: the state value plus the context that decides where
 * events lead. Counters and vflags are left out, or the walk would never end.
 */
export function serializeEvseState(snapshot: SnapshotFrom<typeof evseMachine>): string {
  const c = snapshot.context;
  return JSON.stringify([
    snapshot.value,
    c.evConnected,
    c.evWantsCharge,
    c.authLocked,
    c.limitSleep,
    c.posted,
    c.postFailed,
  ]);
}

function stateId(value: unknown): string {
  if (typeof value === 'string') return value;
  const [[top, child]] = Object.entries(value as Record<string, unknown>) as [[string, unknown]];
  return `${top}.${stateId(child)}`;
}

/**
 * One shortest device-event path to every state of `evseMachine` (xstate/graph), sorted by
 * state id. Pure: usable by the emulator's scenario tests.
 * @example shortestEventPaths().find((p) => p.state === 'charging')?.events
 */
export function shortestEventPaths(input: EvseInput = {}): EvsePath[] {
  const paths = getShortestPaths(evseMachine, {
    input,
    events: DEVICE_EVENTS,
    serializeState: serializeEvseState,
    // Boot finishes (POST passes or fails) before anything else happens, as on the device.
    filterEvents: (snapshot, event) =>
      snapshot.value !== 'starting' || event.type.startsWith('POST_'),
  });
  // Several context variants per state value: keep the shortest path to each value.
  const best = new Map<string, EvsePath>();
  for (const p of paths) {
    const path = {
      state: stateId(p.state.value),
      code: evseStateCode(p.state),
      events: p.steps.slice(1).map((s) => s.event),
    };
    const known = best.get(path.state);
    if (!known || path.events.length < known.events.length) best.set(path.state, path);
  }
  return [...best.values()].sort((a, b) => a.state.localeCompare(b.state));
}
