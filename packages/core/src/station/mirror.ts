/**
 * The host-side mirror: an `evseMachine` actor in mirror mode, fed with the state the device
 * reports in `$AT` frames and `$GS` replies.
 */
import { BehaviorSubject, Subject, Subscription } from 'rxjs';
import { type Actor, createActor } from 'xstate';
import { type DeviceStateEvent, eventFromFrame } from '../evse/events.js';
import { type EvseMachine, evseMachine } from '../evse/machine.js';
import type { RapiClient } from '../rapi/client.js';
import { RapiError } from '../rapi/errors.js';
import type { RapiAsyncFrame, RapiReplyFrame } from '../rapi/frame.js';
import { sameStatus, statusFromSnapshot } from './status.js';
import type { StationStatus, StationTransition } from './types.js';

/** The running mirror. */
export interface Mirror {
  readonly actor: Actor<EvseMachine>;
  readonly status$: BehaviorSubject<StationStatus>;
  readonly transitions$: Subject<StationTransition>;
  /** Read `$GS` and `$GE`, and apply them unless a newer `$AT` has already arrived. */
  resync(): Promise<StationStatus>;
  stop(): void;
}

/** Turn a malformed state frame (a `TypeError` from `eventFromFrame`) into a `RapiError`. */
function toEvent(
  frame: RapiAsyncFrame | RapiReplyFrame,
  command?: string,
): DeviceStateEvent | null {
  try {
    return eventFromFrame(frame, command);
  } catch (cause) {
    throw new RapiError('MALFORMED', (cause as Error).message, { cause });
  }
}

/**
 * Start mirroring `client`. `onError` receives malformed `$AT` frames; `now` stamps
 * transitions.
 */
export function startMirror(
  client: RapiClient,
  onError: (error: RapiError) => void,
  now: () => Date,
): Mirror {
  const actor = createActor(evseMachine, { input: { mirror: true } }).start();
  const status$ = new BehaviorSubject(statusFromSnapshot(actor.getSnapshot()));
  const transitions$ = new Subject<StationTransition>();
  const subscriptions = new Subscription();

  // Arrival order of frames, to tell whether a `$GS` reply is older than the last `$AT`:
  // a promise continuation runs after any `$AT` that followed the reply in the same chunk.
  const order = new WeakMap<object, number>();
  let received = 0;
  let lastAt = 0;

  subscriptions.add(
    actor.subscribe((snapshot) => {
      const next = statusFromSnapshot(snapshot);
      const prev = status$.getValue();
      if (sameStatus(prev, next)) return;
      status$.next(next);
      transitions$.next({ from: prev, to: next, at: now() });
    }),
  );
  subscriptions.add(
    client.frames$.subscribe((frame) => {
      received += 1;
      order.set(frame, received);
      if (frame.kind !== 'async' || frame.type !== 'AT') return;
      lastAt = received;
      try {
        const event = toEvent(frame);
        if (event) actor.send(event);
      } catch (error) {
        onError(error as RapiError);
      }
    }),
  );

  async function resync(): Promise<StationStatus> {
    // Both are queued at once; the client sends them one after the other.
    const [gs, ge] = await Promise.all([client.request('GS'), client.request('GE')]);
    const event = toEvent(gs, 'GS');
    const amps = ge.fields[0];
    if (!event || amps === undefined || !/^\d+$/.test(amps)) {
      throw new RapiError('MALFORMED', `unexpected $GS/$GE replies: ${gs.fields} / ${ge.fields}`);
    }
    // A `$AT` after the `$GS` reply is newer than it (RAPI.md §1.10): keep the `$AT` state.
    const replyAt = order.get(gs) ?? Number.POSITIVE_INFINITY;
    if (lastAt <= replyAt) {
      actor.send({ ...event, currentCapacity: Number.parseInt(amps, 10) });
    }
    return status$.getValue();
  }

  return {
    actor,
    status$,
    transitions$,
    resync,
    stop: () => {
      subscriptions.unsubscribe();
      actor.stop();
      status$.complete();
      transitions$.complete();
    },
  };
}
