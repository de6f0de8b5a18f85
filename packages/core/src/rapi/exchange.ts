/**
 * Request/reply correlation: one command in flight, the reply matched by sequence id when one
 * was sent, a per-command timeout. Pure: the clock is a scheduler and writing is a method, so
 * tests drive it with virtual time (TestScheduler marbles).
 *
 * Hand-written rather than an RxJS pipeline per request (STYLE.md §2.5 is the default): the
 * pipeline cost ~12 operator subscriptions and a timeout per command and capped the client at
 * 30–46k commands/s (issue 8). The semantics are those of the pipeline it replaces:
 * `concatMap` order, the reply heard even before `write` resolves, `timeout({ first })`.
 */
import type { SchedulerLike, Subscription } from 'rxjs';
import { TransportClosedError } from '../transport.js';
import { RapiError } from './errors.js';
import type { ParseResult, RapiReplyFrame } from './frame.js';

/** One command to send. */
export interface ExchangeRequest {
  /** The encoded command, CR included. */
  readonly line: string;
  /** The sequence id sent in `line`, if any: only a reply echoing it matches. */
  readonly seq: number | undefined;
  /** `false` for `$FR`, which never answers (RAPI.md §2.1): done once written. */
  readonly expectReply: boolean;
  readonly timeoutMs: number;
}

const CORRUPT_REPLY = /^\$[ON]K(?:[ ^*]|$)/;

/**
 * Runs requests one at a time, in order. Subclasses write lines and receive outcomes; every
 * request ends in exactly one `resolveRequest` or `rejectRequest`, unless `stopQueue` takes it.
 *
 * Matching rules, while a request that expects a reply is in flight (from the moment it is
 * written, so a device that answers before `write` resolves is still heard):
 * - with a sequence id: a reply echoing it; or a bare `$NK` without id, which is how the
 *   firmware answers a command that failed its checksum (RAPI.md §1.4, §1.8);
 *   replies carrying another id are ignored (late answers to timed-out requests).
 * - without: the first reply without a sequence id.
 * - a line that looks like `$OK`/`$NK` but fails its checksum fails the request with
 *   `CHECKSUM` at once when no sequence id is used (it can only be our reply); with sequence
 *   ids it is ignored, since its id cannot be trusted, and the request times out.
 * Async frames, echoed commands and garbage never match. `$NK` rejects with `NK`; a write
 * failure with `CLOSED` (`TransportClosedError`) or `TRANSPORT`; no outcome within
 * `timeoutMs` of writing with `TIMEOUT`. A request with `expectReply: false` resolves with
 * `null` once written.
 */
export abstract class ExchangeQueue<R extends ExchangeRequest> {
  readonly #scheduler: SchedulerLike;
  #current: R | null = null;
  /** Counts started requests, so a late write result is not taken for a newer request's. */
  #started = 0;
  /** When the request in flight times out, in scheduler time. */
  #deadline = 0;
  /** The one timer, and when it fires: it may be armed for an earlier request (see `#start`). */
  #timer: Subscription | null = null;
  #timerDue = 0;
  #releasing = false;
  /** Requests behind the current one; null while empty (most of a fleet's life). */
  #waiting: R[] | null = null;
  #stopped = false;

  constructor(scheduler: SchedulerLike) {
    this.#scheduler = scheduler;
  }

  /**
   * Hand `line` to the peer; the result settles when it was handed over (or failed). `at` is
   * `scheduler.now()` as the request starts (read once per command: Date.now() is not free).
   */
  protected abstract writeRequest(line: string, at: number): PromiseLike<unknown>;
  /** `request` succeeded: its `$OK` reply, or `null` for a request that expects none. */
  protected abstract resolveRequest(request: R, reply: RapiReplyFrame | null): void;
  /** `request` failed. */
  protected abstract rejectRequest(request: R, error: RapiError): void;

  /** Queue `request`: it is written once every request before it is done. */
  protected enqueueRequest(request: R): void {
    if (this.#stopped) return;
    if (this.#current === null && this.#waiting === null) this.#start(request);
    else if (this.#waiting === null) this.#waiting = [request];
    else this.#waiting.push(request);
  }

  /** Offer a received line (and what `parseLine` made of it) to the request in flight. */
  protected receiveLine(line: string, result: ParseResult): void {
    const request = this.#current;
    if (request === null || !request.expectReply) return;
    const seq = request.seq;
    if (result.ok) {
      const frame = result.frame;
      if (frame.kind !== 'reply') return;
      const matches =
        seq === undefined
          ? frame.seq === undefined
          : frame.seq === seq || (frame.seq === undefined && !frame.ok);
      if (!matches) return;
      if (frame.ok) this.#finish(request, frame, null);
      else {
        const command = commandOf(request);
        this.#finish(
          request,
          null,
          new RapiError('NK', `${command} answered $NK`, { request: command, reply: frame }),
        );
      }
      return;
    }
    if (seq === undefined && result.error.code === 'CHECKSUM' && CORRUPT_REPLY.test(line)) {
      const command = commandOf(request);
      this.#finish(
        request,
        null,
        new RapiError('CHECKSUM', `reply to ${command} failed its checksum`, {
          cause: result.error,
          line,
          request: command,
        }),
      );
    }
  }

  /** Stop for good: cancel the timer and hand back the requests not settled, in queue order. */
  protected stopQueue(): R[] {
    this.#stopped = true;
    this.#cancelTimer();
    const left: R[] = this.#current === null ? [] : [this.#current];
    if (this.#waiting !== null) left.push(...this.#waiting);
    this.#current = null;
    this.#waiting = null;
    return left;
  }

  #start(request: R): void {
    this.#current = request;
    const started = ++this.#started;
    // Armed before writing: a synchronous transport may answer inside `writeRequest`. A timer
    // still armed for the previous request is kept when it fires no later than this deadline
    // (it re-arms for the rest, see `#onTimer`): back-to-back commands then cost no timer each,
    // which was a fifth of the client's CPU per command.
    const now = this.#scheduler.now();
    this.#deadline = now + request.timeoutMs;
    if (this.#timer === null || this.#timerDue > this.#deadline) {
      this.#cancelTimer();
      this.#timerDue = this.#deadline;
      this.#timer = this.#scheduler.schedule(ExchangeQueue.#onTimer, request.timeoutMs, this);
    }
    let written: PromiseLike<unknown>;
    try {
      written = this.writeRequest(request.line, now);
    } catch (error) {
      written = Promise.reject(error);
    }
    written.then(
      () => {
        if (this.#started === started && this.#current === request && !request.expectReply) {
          this.#finish(request, null, null);
        }
      },
      (error: unknown) => {
        if (this.#started === started && this.#current === request) {
          this.#finish(request, null, writeError(error, commandOf(request)));
        }
      },
    );
  }

  // Static, so one function serves every queue. Fires at `#timerDue`: the request in flight
  // then times out, unless the timer was armed for an earlier request: then it re-arms for the
  // rest of this one's time (by `scheduler.now()`). With nothing in flight it lapses.
  static #onTimer(queue: ExchangeQueue<ExchangeRequest>): void {
    const request = queue.#current;
    if (request !== null && queue.#timerDue < queue.#deadline) {
      const now = queue.#scheduler.now();
      // Never more than the request's full time from here: a wall clock set back meanwhile
      // (NTP on a Raspberry Pi without RTC) would otherwise stretch the timeout by the jump.
      const remaining = Math.min(queue.#deadline - now, request.timeoutMs);
      if (remaining > 0) {
        queue.#deadline = now + remaining;
        queue.#timerDue = queue.#deadline;
        queue.#timer = queue.#scheduler.schedule(ExchangeQueue.#onTimer, remaining, queue);
        return;
      }
    }
    queue.#timer = null;
    if (request === null) return;
    const command = commandOf(request);
    const what = request.expectReply ? 'no reply to' : 'could not send';
    queue.#finish(
      request,
      null,
      new RapiError('TIMEOUT', `${what} ${command} within ${request.timeoutMs} ms`, {
        request: command,
      }),
    );
  }

  // A microtask after the queue went idle: a request made in reaction to the last outcome
  // reuses the timer; otherwise it goes, so no timer outlives the work (or holds a process).
  static #releaseIfIdle(queue: ExchangeQueue<ExchangeRequest>): void {
    queue.#releasing = false;
    if (queue.#current === null) queue.#cancelTimer();
  }

  #finish(request: R, reply: RapiReplyFrame | null, error: RapiError | null): void {
    this.#current = null;
    if (error === null) this.resolveRequest(request, reply);
    else this.rejectRequest(request, error);
    // The outcome handler may have queued or stopped; start the next one unless it did.
    if (this.#current !== null || this.#stopped) return;
    if (this.#waiting !== null) {
      const next = this.#waiting.shift() as R;
      if (this.#waiting.length === 0) this.#waiting = null;
      this.#start(next);
    } else if (this.#timer !== null && !this.#releasing) {
      this.#releasing = true;
      // `this` is no thenable (no `then`), so it resolves as itself: no closure needed.
      void Promise.resolve(this).then(ExchangeQueue.#releaseIfIdle);
    }
  }

  #cancelTimer(): void {
    const timer = this.#timer;
    if (timer === null) return;
    this.#timer = null;
    timer.unsubscribe();
  }
}

function commandOf(request: ExchangeRequest): string {
  return request.line.slice(0, -1);
}

function writeError(error: unknown, command: string): RapiError {
  if (error instanceof RapiError) return error;
  return error instanceof TransportClosedError
    ? new RapiError('CLOSED', `transport closed while sending ${command}`, {
        cause: error,
        request: command,
      })
    : new RapiError('TRANSPORT', `transport failed to send ${command}`, {
        cause: error,
        request: command,
      });
}
