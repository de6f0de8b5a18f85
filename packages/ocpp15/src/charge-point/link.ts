import type { RpcTraffic, SecurityOptions } from '@evse/ocppj';
import { backoffDelay, endpointUrl, LongTimer, OcppCallError, openSocket } from '@evse/ocppj';
import { BehaviorSubject, type Observable, Subject } from 'rxjs';
import WebSocket from 'ws';
import type { Request } from '../wire/messages.js';
import { SUBPROTOCOL } from '../wire/messages.js';
import { newEndpoint, type RpcEndpointImpl, type TrafficSink } from '../wire/rpc.js';
import { type Ctx, OWN_PAYLOAD, report, syncClock } from './context.js';

/** The connection manager: connect, boot, heartbeat, reconnect (internal). */
export interface Link {
  readonly state$: BehaviorSubject<0 | 1 | 2 | 3>;
  /** Every frame of every connection (created on first use). */
  readonly traffic$: Observable<RpcTraffic>;
  /** Restart the heartbeat timer (HeartBeatInterval changed). */
  heartbeatChanged(): void;
  /** Drop the connection, forget the boot (a Reset), reconnect at once. */
  reboot(): void;
  close(): Promise<void>;
}

/** What the link needs from the rest of the charge point. */
export interface LinkHooks {
  /** Register the CS→CP handlers on a new endpoint. */
  install(ep: RpcEndpointImpl): void;
  /** The endpoint is ready for requests (or null: it went away). */
  setReady(ep: RpcEndpointImpl | null): void;
  /** After every Accepted boot/reconnect: status, queue flush. */
  onReady(): void;
}

const beat = (link: LinkImpl): void => link.heartbeat();
const OFFERED = [SUBPROTOCOL] as const;

/** The security profile options given (exactOptionalPropertyTypes: no `undefined` keys). */
function securityOf(o: SecurityOptions): SecurityOptions {
  return {
    ...(o.password === undefined ? {} : { password: o.password }),
    ...(o.ca === undefined ? {} : { ca: o.ca }),
    ...(o.cert === undefined ? {} : { cert: o.cert }),
    ...(o.key === undefined ? {} : { key: o.key }),
  };
}
const wakeUp = (link: LinkImpl): void => link.wake();

/**
 * The connection loop as a small state machine driven by socket events and one timer (not a
 * loop parked in `await` for the life of each connection): between events a connected
 * station holds this object, its socket and endpoint, and the Heartbeat timer.
 */
class LinkImpl implements Link, TrafficSink {
  readonly state$ = new BehaviorSubject<0 | 1 | 2 | 3>(3);
  readonly #ctx: Ctx;
  readonly #hooks: LinkHooks;
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
  /** heartbeatInterval of an Accepted boot not yet announced. */
  #accepted: number | null = null;
  /** The endpoint Heartbeats go to, while ready. */
  #hbEp: RpcEndpointImpl | null = null;
  #hb: LongTimer<LinkImpl> | null = null;
  /** The one pending wait (reconnect delay, boot retry) and what follows it. */
  #timer: LongTimer<LinkImpl> | null = null;
  #then: (() => void) | null = null;
  #finished = false;
  /** close() completed the streams. */
  #done = false;
  #onFinished: (() => void) | null = null;

  constructor(ctx: Ctx, hooks: LinkHooks) {
    this.#ctx = ctx;
    this.#hooks = hooks;
    this.#url = endpointUrl(ctx.opts.url, ctx.opts.chargeBoxId);
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
    this.#timer = new LongTimer<LinkImpl>(wakeUp, this, ms);
  }

  /** End the pending wait now (internal: also its timer's callback). */
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
    const { opts } = this.#ctx;
    openSocket(this.#url, {
      subprotocols: OFFERED,
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
    const { opts } = this.#ctx;
    this.state$.next(3);
    report(this.#ctx, error);
    if (opts.reconnect === false || this.#closed) {
      this.#finish();
      return;
    }
    const delayMs = backoffDelay(this.#failures, opts.reconnect ?? {});
    this.#failures++;
    this.#ctx.emit({ type: 'reconnecting', delayMs, attempt: this.#failures });
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
    const ctx = this.#ctx;
    const ep = newEndpoint(ws, {
      role: 'chargePoint',
      callTimeoutMs: ctx.opts.callTimeoutMs ?? 30_000,
    });
    ep.setTrafficSink(this);
    this.#hooks.install(ep);
    ws.resume(); // openSocket() held incoming frames until the handlers are in place (§1.6)
    ws.once('close', (code: number, reason: Buffer) => {
      this.#closedWith = { code, reason: reason.toString() };
      this.wake(); // cut short a boot back-off on a dead socket
      // The endpoint failed its calls first; their handlers run before the wind-up.
      queueMicrotask(() => {
        if (!this.#booting) this.#endSession();
      });
    });
    ctx.emit({ type: 'connected', url: this.#url });
    if (this.#booted) {
      this.#ready(ep);
      return;
    }
    this.#booting = true;
    void this.#boot(ep)
      .catch((error: unknown) => {
        report(ctx, error);
        return false;
      })
      .then((ok) => {
        this.#booting = false;
        this.#booted = ok;
        this.#ready(ep);
        if (this.#closedWith) this.#endSession();
      });
  }

  #ready(ep: RpcEndpointImpl): void {
    if (!this.#booted || ep.readyState !== WebSocket.OPEN) return;
    const ctx = this.#ctx;
    this.#hooks.setReady(ep);
    if (this.#accepted !== null) {
      ctx.emit({ type: 'booted', status: 'Accepted', heartbeatInterval: this.#accepted });
      this.#accepted = null;
    }
    this.#hbEp = ep;
    this.heartbeatChanged();
    this.#hooks.onReady();
  }

  async #bootPayload(): Promise<Request<'BootNotification'>> {
    const { opts } = this.#ctx;
    const info = await this.#ctx.station.info().catch(() => null);
    return {
      chargePointVendor: opts.vendor,
      chargePointModel: opts.model,
      ...(info?.serial ? { chargePointSerialNumber: info.serial.slice(0, 25) } : {}),
      ...(info
        ? { firmwareVersion: `${info.firmwareVersion} RAPI ${info.protocolVersion}`.slice(0, 50) }
        : {}),
    };
  }

  // chargePointVendor/Model are checked by createChargePoint (≤ 20 UTF-16 units, so ≤ 20 code
  // points); serial and firmware are cut to their maxLength: valid by construction.

  /** BootNotification until Accepted, honouring the interval of a Rejected answer. */
  async #boot(ep: RpcEndpointImpl): Promise<boolean> {
    const ctx = this.#ctx;
    const { opts } = ctx;
    let failures = 0;
    while (!this.#closed && ep.readyState === WebSocket.OPEN) {
      try {
        const conf = await ep.call('BootNotification', await this.#bootPayload(), OWN_PAYLOAD);
        syncClock(ctx, conf.currentTime);
        if (conf.status === 'Accepted') {
          // 0 (or less) keeps the current HeartBeatInterval rather than stopping Heartbeats:
          // they sync the clock (STEVE.md §5.2, "0 → pick a sensible value yourself").
          if (conf.heartbeatInterval > 0)
            ctx.config.set('HeartBeatInterval', String(conf.heartbeatInterval));
          this.#accepted = conf.heartbeatInterval;
          return true; // 'booted' is emitted once the link is ready for requests
        }
        ctx.emit({
          type: 'booted',
          status: 'Rejected',
          heartbeatInterval: conf.heartbeatInterval,
        });
        // Rejected: stay quiet for the interval before trying again (0 → our own back-off;
        // STEVE.md §5.2). The wait holds any int32-seconds interval (long-timer.ts).
        await this.#pause(
          conf.heartbeatInterval > 0 ? conf.heartbeatInterval * 1000 : (opts.bootRetryMs ?? 30_000),
        );
      } catch (error) {
        if (ep.readyState !== WebSocket.OPEN) return false;
        report(ctx, error);
        await this.#pause(
          error instanceof OcppCallError ? (opts.bootRetryMs ?? 30_000) : backoffDelay(failures++),
        );
      }
    }
    return false;
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
    const ctx = this.#ctx;
    const { opts } = ctx;
    this.#closedWith = null;
    this.#hb?.cancel();
    this.#hb = null;
    this.#hbEp = null;
    this.#hooks.setReady(null);
    this.state$.next(3);
    ctx.emit({ type: 'disconnected', code: closedWith.code, reason: closedWith.reason });
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
    ctx.emit({ type: 'reconnecting', delayMs, attempt: 1 });
    this.#sleep(delayMs, () => this.#connect());
  }

  /** Send a Heartbeat (internal: the Heartbeat timer's callback). */
  heartbeat(): void {
    const ctx = this.#ctx;
    this.#hbEp?.call('Heartbeat', {}, OWN_PAYLOAD).then(
      (conf) => syncClock(ctx, conf.currentTime),
      (error: unknown) => report(ctx, error),
    );
  }

  heartbeatChanged(): void {
    if (!this.#hbEp) return; // no session ready: the next one starts its own timer
    this.#hb?.cancel();
    this.#hb = null;
    const s = this.#ctx.config.seconds('HeartBeatInterval');
    // Any interval the CS may set (int32 s, 9-digit ChangeConfiguration) must hold, not
    // overflow a Node timer into a Heartbeat flood (long-timer.ts, STEVE.md §5.2).
    if (s > 0) this.#hb = new LongTimer<LinkImpl>(beat, this, s * 1000, true);
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
    if (s && s.readyState <= 1) {
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
 * Run the connection loop. `hooks.install` registers the CS→CP handlers on each new
 * endpoint; `hooks.onReady` runs after every Accepted boot/reconnect (status, queue flush).
 */
export function startLink(ctx: Ctx, hooks: LinkHooks): Link {
  return new LinkImpl(ctx, hooks);
}
