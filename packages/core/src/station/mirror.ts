/**
 * The host-side mirror: an `evseMachine` actor in mirror mode, fed with the state the device
 * reports in `$AT` frames and `$GS` replies. It is the base class of the station, so a
 * station is one object with shared prototype methods; its streams are made on first use.
 */
import { BehaviorSubject, type Observable, type SchedulerLike, Subject } from 'rxjs';
import { type Actor, type ActorOptions, createActor, type Subscription } from 'xstate';
import { type DeviceStateEvent, eventFromFrame } from '../evse/events.js';
import { type EvseMachine, evseMachine } from '../evse/machine.js';
import type { RapiClient } from '../rapi/client.js';
import { RapiError } from '../rapi/errors.js';
import type { RapiAsyncFrame, RapiFrame, RapiReplyFrame } from '../rapi/frame.js';
import { sameStatus, statusFromSnapshot } from './status.js';
import type { StationStatus, StationTransition } from './types.js';

// One options object for every mirror actor (xstate copies what it needs from it).
const MIRROR_ACTOR: ActorOptions<EvseMachine> = { input: { mirror: true } };

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

/** The mirror half of a station (internal): actor, status, transitions, resync. */
export abstract class Mirror {
  /** The xstate mirror actor (input `{ mirror: true }`). */
  readonly actor: Actor<EvseMachine>;
  /** The RAPI client underneath. */
  readonly client: RapiClient;
  /** Clock for polls, resyncs and timestamps. */
  protected readonly scheduler: SchedulerLike;
  #status: StationStatus;
  #snapshots: Subscription;
  #stopped = false;
  // Created on first access, so an unobserved station carries no Subjects.
  #status$: BehaviorSubject<StationStatus> | null = null;
  #statusView: Observable<StationStatus> | null = null;
  #transitions$: Subject<StationTransition> | null = null;
  #transitionsView: Observable<StationTransition> | null = null;
  // Arrival order of frames, to tell whether a `$GS` reply is older than the last `$AT`: a
  // promise continuation runs after any `$AT` that followed the reply in the same chunk.
  // Replies are only numbered while a resync waits for one.
  #received = 0;
  #lastAt = 0;
  #replyOrder: Map<RapiFrame, number> | null = null;
  #resyncing = 0;

  constructor(client: RapiClient, scheduler: SchedulerLike) {
    this.client = client;
    this.scheduler = scheduler;
    this.actor = createActor(evseMachine, MIRROR_ACTOR).start();
    this.#status = statusFromSnapshot(this.actor.getSnapshot());
    this.#snapshots = this.actor.subscribe((snapshot) => {
      const prev = this.#status;
      const next = statusFromSnapshot(snapshot);
      // The actor re-emits snapshots that change nothing; only changes go out.
      if (sameStatus(prev, next)) return;
      this.#status = next;
      this.#status$?.next(next);
      const transitions = this.#transitions$;
      if (transitions?.observed) {
        transitions.next({ from: prev, to: next, at: new Date(this.scheduler.now()) });
      }
    });
  }

  /** Report a failure of background work (a malformed `$AT`, a failed resync or poll). */
  protected abstract report(error: unknown): void;

  get status$(): Observable<StationStatus> {
    if (this.#statusView === null) {
      const subject = new BehaviorSubject(this.#status);
      if (this.#stopped) subject.complete();
      this.#status$ = subject;
      // Only distinct statuses are ever pushed, so no `distinctUntilChanged` is needed.
      this.#statusView = subject.asObservable();
    }
    return this.#statusView;
  }

  get transitions$(): Observable<StationTransition> {
    if (this.#transitionsView === null) {
      const subject = new Subject<StationTransition>();
      if (this.#stopped) subject.complete();
      this.#transitions$ = subject;
      this.#transitionsView = subject.asObservable();
    }
    return this.#transitionsView;
  }

  getStatus(): StationStatus {
    return this.#status;
  }

  /** Read `$GS` and `$GE`, and apply them unless a newer `$AT` has already arrived. */
  async resync(): Promise<StationStatus> {
    this.#replyOrder ??= new Map();
    const order = this.#replyOrder;
    this.#resyncing += 1;
    try {
      // Both are queued at once; the client sends them one after the other.
      const [gs, ge] = await Promise.all([this.client.request('GS'), this.client.request('GE')]);
      const event = toEvent(gs, 'GS');
      const amps = ge.fields[0];
      if (!event || amps === undefined || !/^\d+$/.test(amps)) {
        throw new RapiError('MALFORMED', `unexpected $GS/$GE replies: ${gs.fields} / ${ge.fields}`);
      }
      // A `$AT` after the `$GS` reply is newer than it (RAPI.md §1.10): keep the `$AT` state.
      const replyAt = order.get(gs) ?? Number.POSITIVE_INFINITY;
      if (this.#lastAt <= replyAt) {
        this.actor.send({ ...event, currentCapacity: Number.parseInt(amps, 10) });
      }
      return this.#status;
    } finally {
      this.#resyncing -= 1;
      if (this.#resyncing === 0) this.#replyOrder = null;
    }
  }

  /** Take in one received frame: number it, and feed a `$AT` to the actor. */
  protected mirrorFrame(frame: RapiFrame): void {
    this.#received += 1;
    if (frame.kind === 'reply') {
      this.#replyOrder?.set(frame, this.#received);
      return;
    }
    if (frame.kind !== 'async' || frame.type !== 'AT') return;
    this.#lastAt = this.#received;
    try {
      const event = toEvent(frame);
      if (event) this.actor.send(event);
    } catch (error) {
      this.report(error);
    }
  }

  /** Stop the actor and complete the streams. */
  protected stopMirror(): void {
    this.#stopped = true;
    this.#snapshots.unsubscribe();
    this.actor.stop();
    this.#status$?.complete();
    this.#transitions$?.complete();
  }
}
