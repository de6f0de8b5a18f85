/**
 * A charge point's connection to its central system, for every OCPP-J version: connect
 * (security profiles, subprotocol), boot through the version's hook, heartbeat, drop and
 * reconnect with back-off, reboot, close. The version supplies what differs
 * ({@link LinkVersion}: its endpoint, its BootNotification exchange, its Heartbeat).
 */
import { BehaviorSubject, type Observable, Subject } from 'rxjs';
import WebSocket from 'ws';
import { asError } from '../wire/errors.js';
import type { TrafficSink } from '../wire/rpc.js';
import type { RpcTraffic } from '../wire/rpc-events.js';
import {
  backoffDelay,
  endpointUrl,
  openSocket,
  redactUrl,
  type SecurityOptions,
} from './connect.js';
import type { BootControl, Link, LinkEndpoint, LinkEvent, LinkVersion } from './link-types.js';
import { LongTimer } from './long-timer.js';

export type {
  BootControl,
  Link,
  LinkEndpoint,
  LinkEvent,
  LinkOptions,
  LinkVersion,
} from './link-types.js';

const report = (v: { emit(e: LinkEvent): void }, error: unknown): void =>
  v.emit({ type: 'error', error: asError(error) });

const beat = (link: { heartbeat(): void }): void => link.heartbeat();

/** The security profile options given (exactOptionalPropertyTypes: no `undefined` keys). */
function securityOf(o: SecurityOptions): SecurityOptions {
  return {
    ...(o.password === undefined ? {} : { password: o.password }),
    ...(o.ca === undefined ? {} : { ca: o.ca }),
    ...(o.cert === undefined ? {} : { cert: o.cert }),
    ...(o.key === undefined ? {} : { key: o.key }),
  };
}
const wakeUp = (link: { wake(): void }): void => link.wake();

/**
 * The connection loop as a small state machine driven by socket events and one timer (not a
 * loop parked in `await` for the life of each connection): between events a connected
 * station holds this object, its socket and endpoint, and the Heartbeat timer.
 */
class LinkImpl<E extends LinkEndpoint> implements Link, TrafficSink {
  readonly state$ = new BehaviorSubject<0 | 1 | 2 | 3>(3);
  readonly #v: LinkVersion<E>;
  readonly #url: string;
  #traffic$: Subject<RpcTraffic> | null = null;
  #closed = false;
  /** BootNotification Accepted since this process (re)booted (STEVE.md §5.2). */
  #booted = false;
  #rebooting = false;
  #failures = 0;
  #socket: WebSocket | null = null;
  #abort: AbortController | null = null;
  /** A BootNotification exchange is running on the current connection. */
  #booting = false;
  /** The current socket closed: code and reason, until the session is wound up. */
  #closedWith: { code: number; reason: string } | null = null;
  /** The endpoint Heartbeats go to, while ready. */
  #hbEp: E | null = null;
  #hb: LongTimer<LinkImpl<E>> | null = null;
  /** The one pending wait (reconnect delay, boot retry) and what follows it. */
  #timer: LongTimer<LinkImpl<E>> | null = null;
  #then: (() => void) | null = null;
  #finished = false;
  /** close() completed the streams. */
  #done = false;
  #onFinished: (() => void) | null = null;

  readonly #control: BootControl = {
    pause: (ms) => this.#pause(ms),
    closed: () => this.#closed,
  };

  constructor(version: LinkVersion<E>) {
    this.#v = version;
    this.#url = endpointUrl(version.opts.url, version.opts.chargeBoxId);
    this.#connect();
  }

  get traffic$(): Observable<RpcTraffic> {
    let t = this.#traffic$;
    if (!t) {
      t = this.#traffic$ = new Subject<RpcTraffic>();
      if (this.#done) t.complete(); // as it would have been, had it existed
    }
    return t;
  }

  wantsTraffic(): boolean {
    return this.#traffic$?.observed === true;
  }

  traffic(t: RpcTraffic): void {
    this.#traffic$?.next(t);
  }

  /** Wait `ms` (any length, long-timer.ts), then run `then`; wake() cuts it short. */
  #sleep(ms: number, then: () => void): void {
    this.#then = then;
    this.#timer = new LongTimer<LinkImpl<E>>(wakeUp, this, ms);
  }

  /** End the pending wait now (internal: also its timer's callback). */
  bootNow(): void {
    if (this.#socket !== null && this.#closedWith === null) this.wake();
  }

  wake(): void {
    const then = this.#then;
    if (!then) return;
    this.#timer?.cancel();
    this.#timer = null;
    this.#then = null;
    then();
  }

  #finish(): void {
    this.#finished = true;
    this.#onFinished?.();
  }

  #connect(): void {
    if (this.#closed) {
      this.#finish();
      return;
    }
    this.state$.next(0);
    const abort = new AbortController();
    this.#abort = abort;
    const { opts } = this.#v;
    openSocket(this.#url, {
      subprotocols: this.#v.subprotocols,
      handshakeTimeoutMs: opts.handshakeTimeoutMs ?? 10_000,
      signal: abort.signal,
      chargeBoxId: opts.chargeBoxId,
      ...securityOf(opts),
    }).then(
      (ws) => {
        this.#abort = null;
        this.#opened(ws);
      },
      (error: unknown) => {
        this.#abort = null;
        this.#connectFailed(error);
      },
    );
  }

  #connectFailed(error: unknown): void {
    const { opts } = this.#v;
    this.state$.next(3);
    report(this.#v, error);
    if (opts.reconnect === false || this.#closed) {
      this.#finish();
      return;
    }
    const delayMs = backoffDelay(this.#failures, opts.reconnect ?? {});
    this.#failures++;
    this.#v.emit({ type: 'reconnecting', delayMs, attempt: this.#failures });
    this.#sleep(delayMs, () => this.#connect());
  }

  #opened(ws: WebSocket): void {
    if (this.#closed) {
      ws.terminate();
      this.#finish();
      return;
    }
    this.#failures = 0;
    this.state$.next(1);
    this.#socket = ws;
    const v = this.#v;
    const ep = v.endpoint(ws);
    ep.setTrafficSink(this);
    v.install(ep);
    ws.resume(); // openSocket() held incoming frames until the handlers are in place (§1.6)
    ws.once('close', (code: number, reason: Buffer) => {
      this.#closedWith = { code, reason: reason.toString() };
      this.wake(); // cut short a boot back-off on a dead socket
      // The endpoint failed its calls first; their handlers run before the wind-up.
      queueMicrotask(() => {
        if (!this.#booting) this.#endSession();
      });
    });
    v.emit({ type: 'connected', url: redactUrl(this.#url), protocol: ws.protocol });
    if (this.#booted) {
      this.#ready(ep);
      return;
    }
    this.#booting = true;
    void v
      .boot(ep, this.#control)
      .catch((error: unknown) => {
        report(v, error);
        return false;
      })
      .then((ok) => {
        this.#booting = false;
        this.#booted = ok;
        this.#ready(ep);
        if (this.#closedWith) this.#endSession();
      });
  }

  #ready(ep: E): void {
    if (!this.#booted || ep.readyState !== WebSocket.OPEN) return;
    this.#v.setReady(ep);
    this.#hbEp = ep;
    this.heartbeatChanged();
    this.#v.onReady();
  }

  #pause(ms: number): Promise<void> {
    // A socket that already closed (its wake() came and went) does not wait.
    if (this.#closedWith || this.#closed) return Promise.resolve();
    return new Promise((resolve) => this.#sleep(ms, resolve));
  }

  /** The socket closed and no boot is running on it: wind the session up, go on. */
  #endSession(): void {
    const closedWith = this.#closedWith;
    if (!closedWith) return;
    const v = this.#v;
    const { opts } = v;
    this.#closedWith = null;
    this.#hb?.cancel();
    this.#hb = null;
    this.#hbEp = null;
    v.setReady(null);
    this.state$.next(3);
    v.emit({ type: 'disconnected', code: closedWith.code, reason: closedWith.reason });
    this.#socket = null;
    if (opts.reconnect === false || this.#closed) {
      this.#finish();
      return;
    }
    if (this.#rebooting) {
      this.#rebooting = false;
      this.#connect();
      return;
    }
    const delayMs = backoffDelay(0, opts.reconnect ?? {});
    v.emit({ type: 'reconnecting', delayMs, attempt: 1 });
    this.#sleep(delayMs, () => this.#connect());
  }

  /** Send a Heartbeat (internal: the Heartbeat timer's callback). */
  heartbeat(): void {
    if (this.#hbEp) this.#v.heartbeat(this.#hbEp);
  }

  heartbeatChanged(): void {
    if (!this.#hbEp) return; // no session ready: the next one starts its own timer
    this.#hb?.cancel();
    this.#hb = null;
    const ms = this.#v.heartbeatMs();
    // Any interval the CS may set (int32 s, 9-digit ChangeConfiguration) must hold, not
    // overflow a Node timer into a Heartbeat flood (long-timer.ts, STEVE.md §5.2).
    if (ms > 0) this.#hb = new LongTimer<LinkImpl<E>>(beat, this, ms, true);
  }

  reboot(): void {
    this.#booted = false;
    this.#rebooting = true;
    if (this.#socket) {
      this.state$.next(2);
      this.#socket.close(1000, 'Reset');
    }
    this.wake();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#abort?.abort();
    this.wake();
    const finished = this.#finished
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          this.#onFinished = resolve;
        });
    const s = this.#socket;
    if (s && s.readyState <= WebSocket.OPEN) {
      this.state$.next(2);
      s.close(1000, 'Charge point closing');
      // Don't wait forever for a peer that never completes the closing handshake.
      const t = setTimeout(() => s.terminate(), 2000);
      await finished;
      clearTimeout(t);
    } else {
      await finished;
    }
    this.state$.next(3);
    this.state$.complete();
    this.#done = true;
    this.#traffic$?.complete();
  }
}

/**
 * Run the connection loop of a charge point speaking `version`: `install` registers the CS→CP
 * handlers on each new endpoint, `boot` runs on each connection until accepted, `onReady`
 * after every accepted boot/reconnect (status, queue flush).
 */
export function startLink<E extends LinkEndpoint>(version: LinkVersion<E>): Link {
  return new LinkImpl(version);
}
