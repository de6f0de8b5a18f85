/**
 * The host-side mirror: the state the device reports in `$AT` frames and `$GS` replies, as
 * an `evseMachine` actor in mirror mode. It is the base class of the station, so a station is
 * one object with shared prototype methods; its streams are made on first use.
 *
 * The actor itself is made on first access to `actor` too (a fleet seldom looks at it, and
 * each one costs about 4 KB and a statechart step per frame). Until then the status is
 * computed from the same tables and `mirrorDevice` update the machine's `DEVICE_STATE` jump
 * uses, and the device state is kept so the actor, once made, is jumped straight to it: in
 * mirror mode nothing but `DEVICE_STATE` moves the machine, so its snapshot is the same as if
 * it had run from the start (test/station.mirror.test.ts checks both against each other).
 */
import { BehaviorSubject, type Observable, type SchedulerLike, Subject } from 'rxjs';
import {
  type Actor,
  type ActorOptions,
  createActor,
  type SnapshotFrom,
  type Subscription,
} from 'xstate';
import { type DeviceStateEvent, eventFromFrame } from '../evse/events.js';
import { type EvseMachine, evseMachine } from '../evse/machine.js';
import type { RapiClient } from '../rapi/client.js';
import { RapiError } from '../rapi/errors.js';
import type { RapiAsyncFrame, RapiFrame } from '../rapi/frame.js';
import { decodeStatus } from '../rapi/status-reply.js';
import { asleepPlugOnEntry, legacyStatus } from './legacy.js';
import { sameStatus, statusFromDeviceState, statusFromSnapshot } from './status.js';
import type { StationStatus, StationTransition } from './types.js';

// One options object for every mirror actor (xstate copies what it needs from it).
const MIRROR_ACTOR: ActorOptions<EvseMachine> = { input: { mirror: true } };

// The status of a mirror actor that has seen no device state yet (`starting`).
let bootStatus: StationStatus | null = null;
function initialStatus(): StationStatus {
  bootStatus ??= Object.freeze(
    statusFromSnapshot(createActor(evseMachine, MIRROR_ACTOR).getSnapshot()),
  );
  return bootStatus;
}

/** `event` with the capacity and elapsed time it lacks taken from `prev` (as the context keeps them). */
function accumulate(prev: DeviceStateEvent | null, event: DeviceStateEvent): DeviceStateEvent {
  const currentCapacity = event.currentCapacity ?? prev?.currentCapacity;
  const elapsedSeconds = event.elapsedSeconds ?? prev?.elapsedSeconds;
  if (currentCapacity === event.currentCapacity && elapsedSeconds === event.elapsedSeconds) {
    return event;
  }
  return {
    ...event,
    ...(currentCapacity === undefined ? {} : { currentCapacity }),
    ...(elapsedSeconds === undefined ? {} : { elapsedSeconds }),
  };
}

const SLEEPING = 0xfe;

/** Turn a malformed state frame (a `TypeError` from `eventFromFrame`) into a `RapiError`. */
function toEvent(frame: RapiAsyncFrame): DeviceStateEvent | null {
  try {
    return eventFromFrame(frame);
  } catch (cause) {
    throw new RapiError('MALFORMED', (cause as Error).message, { cause });
  }
}

/** The mirror half of a station (internal): actor, status, transitions, resync. */
export abstract class Mirror {
  /** The RAPI client underneath. */
  readonly client: RapiClient;
  /** Clock for polls, resyncs and timestamps. */
  protected readonly scheduler: SchedulerLike;
  #status: StationStatus = initialStatus();
  #stopped = false;
  // The actor, once asked for; until then the last device state it would have jumped to.
  #actor: Actor<EvseMachine> | null = null;
  #snapshots: Subscription | null = null;
  #device: DeviceStateEvent | null = null;
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
  // RAPI < 5 only (see legacy.ts): whether `$G0` is polled while asleep (null: RAPI ≥ 5, the
  // status is the mirror's as is), the status before the overlay, the plug seen while asleep.
  #legacyPoll: boolean | null = null;
  #base: StationStatus = this.#status;
  #asleepPlug: boolean | null = null;

  constructor(client: RapiClient, scheduler: SchedulerLike) {
    this.client = client;
    this.scheduler = scheduler;
  }

  /** The xstate mirror actor (input `{ mirror: true }`), made on first access. */
  get actor(): Actor<EvseMachine> {
    if (this.#actor === null) {
      const actor = createActor(evseMachine, MIRROR_ACTOR).start();
      if (this.#device !== null) actor.send(this.#device);
      this.#actor = actor;
      if (this.#stopped) {
        actor.stop();
      } else {
        // From now on the status follows the actor, whoever sends it events.
        const follow = (snapshot: SnapshotFrom<EvseMachine>) =>
          this.#update(statusFromSnapshot(snapshot));
        this.#snapshots = actor.subscribe(follow);
      }
    }
    return this.#actor;
  }

  /** Jump the mirror to what the device reported. */
  #apply(event: DeviceStateEvent): void {
    if (this.#stopped) return;
    if (this.#actor !== null) {
      this.#actor.send(event);
      return;
    }
    const device = accumulate(this.#device, event);
    const next = statusFromDeviceState(device);
    if (next === null) return; // no state for the code: the actor would ignore it too
    this.#device = device;
    this.#update(next);
  }

  /** Publish `base` (with the RAPI < 5 overlay, if any) if it differs from the present status. */
  #update(base: StationStatus): void {
    const prev = this.#status;
    let next = base;
    if (this.#legacyPoll !== null) {
      this.#base = base;
      if (base.evseState === SLEEPING && prev.evseState !== SLEEPING) {
        this.#asleepPlug = asleepPlugOnEntry(prev, this.#legacyPoll);
      }
      next = legacyStatus(base, this.#asleepPlug);
    }
    // The actor re-emits snapshots that change nothing; only changes go out.
    if (sameStatus(prev, next)) return;
    this.#status = next;
    this.#status$?.next(next);
    const transitions = this.#transitions$;
    if (transitions?.observed) {
      transitions.next({ from: prev, to: next, at: new Date(this.scheduler.now()) });
    }
    this.statusChanged(prev, next);
  }

  /** Called after every published status change (the station starts and stops sleep polls). */
  protected statusChanged(_prev: StationStatus, _next: StationStatus): void {}

  /**
   * The device reports only its state (RAPI < 5): publish pilot, vflags and auth lock as
   * unknown, and the plug while asleep from `setAsleepPlug` (`polled`) or as unknown.
   */
  protected reportsStateOnly(polled: boolean): void {
    this.#legacyPoll = polled;
    this.#base = this.#status;
    this.#status = legacyStatus(this.#status, null);
  }

  /** A `$G0` answer while asleep (RAPI < 5): `null` for "unknown" (`2`). */
  protected setAsleepPlug(plug: boolean | null): void {
    if (this.#legacyPoll === null || plug === this.#asleepPlug) return;
    this.#asleepPlug = plug;
    if (this.#status.evseState === SLEEPING) this.#update(this.#base);
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
  resync(): Promise<StationStatus> {
    return this.readState(true);
  }

  /**
   * Read `$GS` (and `$GE` when `withSettings`), decoded by the client's dialect, and apply it
   * unless a newer state frame (`$AT`, `$ST`) has already arrived.
   */
  protected async readState(withSettings: boolean): Promise<StationStatus> {
    this.#replyOrder ??= new Map();
    const order = this.#replyOrder;
    this.#resyncing += 1;
    try {
      // Both are queued at once; the client sends them one after the other.
      const [gs, ge] = await Promise.all([
        this.client.request('GS'),
        withSettings ? this.client.request('GE') : null,
      ]);
      const device = decodeStatus(gs.fields, this.client.dialect);
      const amps = ge?.fields[0];
      if (ge !== null && (amps === undefined || !/^\d+$/.test(amps))) {
        throw new RapiError('MALFORMED', `unexpected $GE reply: ${ge.fields}`);
      }
      // A state frame after the `$GS` reply is newer than it (RAPI.md §1.10): keep its state.
      const replyAt = order.get(gs) ?? Number.POSITIVE_INFINITY;
      if (this.#lastAt <= replyAt) {
        const event: DeviceStateEvent = {
          type: 'DEVICE_STATE',
          evseState: device.evseState,
          elapsedSeconds: device.elapsedSeconds,
          ...(device.pilotState === null ? {} : { pilotState: device.pilotState }),
          ...(device.vflags === null ? {} : { vflags: device.vflags }),
          ...(amps === undefined ? {} : { currentCapacity: Number.parseInt(amps, 10) }),
        };
        this.#apply(event);
      }
      return this.#status;
    } finally {
      this.#resyncing -= 1;
      if (this.#resyncing === 0) this.#replyOrder = null;
    }
  }

  /** Take in one received frame: number it, and feed a state frame to the actor. */
  protected mirrorFrame(frame: RapiFrame): void {
    this.#received += 1;
    if (frame.kind === 'reply') {
      this.#replyOrder?.set(frame, this.#received);
      return;
    }
    // `$AT`, or the legacy `$ST xx` (RAPI < 5; one field, else it is the timer command).
    if (frame.kind !== 'async') return;
    if (frame.type !== 'AT' && (frame.type !== 'ST' || frame.fields.length !== 1)) return;
    this.#lastAt = this.#received;
    try {
      const event = toEvent(frame);
      if (event) this.#apply(event);
    } catch (error) {
      this.report(error);
    }
  }

  /** Stop the actor and complete the streams. */
  protected stopMirror(): void {
    this.#stopped = true;
    this.#snapshots?.unsubscribe();
    this.#actor?.stop();
    this.#status$?.complete();
    this.#transitions$?.complete();
  }
}
