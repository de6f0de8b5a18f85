import { BehaviorSubject, EMPTY, Observable, Subject, type Subscription, switchMap } from 'rxjs';
import type WebSocket from 'ws';
import { OcppCallError } from '../wire/errors.js';
import { createRpcEndpoint, type RpcEndpoint } from '../wire/rpc.js';
import type { RpcTraffic } from '../wire/rpc-events.js';
import { backoffDelay, endpointUrl, openSocket } from './connect.js';
import { type Ctx, createWaker, report, syncClock } from './context.js';
import { setLongInterval } from './long-timer.js';

/** The connection manager: connect, boot, heartbeat, reconnect (internal). */
export interface Link {
  readonly state$: BehaviorSubject<0 | 1 | 2 | 3>;
  readonly traffic$: Subject<RpcTraffic>;
  /** Restart the heartbeat timer (HeartBeatInterval changed). */
  heartbeatChanged(): void;
  /** Drop the connection, forget the boot (a Reset), reconnect at once. */
  reboot(): void;
  close(): Promise<void>;
}

/**
 * Run the connection loop. `install` registers the CS→CP handlers on each new endpoint;
 * `onReady` runs after every Accepted boot/reconnect (status, queue flush).
 */
export function startLink(ctx: Ctx, install: (ep: RpcEndpoint) => void, onReady: () => void): Link {
  const { opts } = ctx;
  const url = endpointUrl(opts.url, opts.chargeBoxId);
  const state$ = new BehaviorSubject<0 | 1 | 2 | 3>(3);
  const traffic$ = new Subject<RpcTraffic>();
  const heartbeat$ = new Subject<void>();
  const waker = createWaker();
  let closed = false;
  const abort = new AbortController();
  let booted = false; // BootNotification Accepted since this process (re)booted (STEVE.md §5.2)
  let socket: WebSocket | null = null;
  let hbSub: Subscription | null = null;
  let accepted: number | null = null; // heartbeatInterval of an Accepted boot not yet announced

  const bootPayload = async () => {
    const info = await ctx.station.info().catch(() => null);
    return {
      chargePointVendor: opts.vendor,
      chargePointModel: opts.model,
      ...(info?.serial ? { chargePointSerialNumber: info.serial.slice(0, 25) } : {}),
      ...(info
        ? { firmwareVersion: `${info.firmwareVersion} RAPI ${info.protocolVersion}`.slice(0, 50) }
        : {}),
    };
  };

  /** BootNotification until Accepted, honouring the interval of a Rejected answer. */
  const boot = async (ep: RpcEndpoint): Promise<boolean> => {
    let failures = 0;
    while (!closed && ep.readyState === 1) {
      try {
        const conf = await ep.call('BootNotification', await bootPayload());
        syncClock(ctx, conf.currentTime);
        if (conf.status === 'Accepted') {
          // 0 (or less) keeps the current HeartBeatInterval rather than stopping Heartbeats:
          // they sync the clock (STEVE.md §5.2, "0 → pick a sensible value yourself").
          if (conf.heartbeatInterval > 0)
            ctx.config.set('HeartBeatInterval', String(conf.heartbeatInterval));
          accepted = conf.heartbeatInterval;
          return true; // 'booted' is emitted once the link is ready for requests
        }
        ctx.events.next({
          type: 'booted',
          status: 'Rejected',
          heartbeatInterval: conf.heartbeatInterval,
        });
        // Rejected: stay quiet for the interval before trying again (0 → our own back-off;
        // STEVE.md §5.2). The waker holds any int32-seconds interval (long-timer.ts).
        await waker.sleep(
          conf.heartbeatInterval > 0 ? conf.heartbeatInterval * 1000 : (opts.bootRetryMs ?? 30_000),
        );
      } catch (error) {
        if (ep.readyState !== 1) return false;
        report(ctx, error);
        await waker.sleep(
          error instanceof OcppCallError ? (opts.bootRetryMs ?? 30_000) : backoffDelay(failures++),
        );
      }
    }
    return false;
  };

  const startHeartbeat = (ep: RpcEndpoint): Subscription =>
    heartbeat$
      .pipe(
        switchMap(() => {
          const s = ctx.config.seconds('HeartBeatInterval');
          // Any interval the CS may set (int32 s, 9-digit ChangeConfiguration) must hold, not
          // overflow a Node timer into a Heartbeat flood (long-timer.ts, STEVE.md §5.2).
          return s > 0
            ? new Observable<void>((sub) => setLongInterval(() => sub.next(), s * 1000))
            : EMPTY;
        }),
      )
      .subscribe(() => {
        ep.call('Heartbeat', {}).then(
          (conf) => syncClock(ctx, conf.currentTime),
          (error: unknown) => report(ctx, error),
        );
      });

  const session = async (ws: WebSocket): Promise<void> => {
    const ep = createRpcEndpoint(ws, {
      role: 'chargePoint',
      callTimeoutMs: opts.callTimeoutMs ?? 30_000,
    });
    ep.traffic$.subscribe((t) => traffic$.next(t));
    install(ep);
    ws.resume(); // openSocket() held incoming frames until the handlers are in place (§1.6)
    const closedP = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    ws.once('close', () => waker.wake()); // cut short a boot back-off on a dead socket
    ctx.events.next({ type: 'connected', url });
    if (!booted) booted = await boot(ep);
    if (booted && ep.readyState === 1) {
      ctx.ready$.next(ep);
      if (accepted !== null) {
        ctx.events.next({ type: 'booted', status: 'Accepted', heartbeatInterval: accepted });
        accepted = null;
      }
      hbSub = startHeartbeat(ep);
      heartbeat$.next();
      onReady();
    }
    const { code, reason } = await closedP;
    hbSub?.unsubscribe();
    hbSub = null;
    ctx.ready$.next(null);
    state$.next(3);
    ctx.events.next({ type: 'disconnected', code, reason });
  };

  const loop = async (): Promise<void> => {
    let failures = 0;
    while (!closed) {
      state$.next(0);
      try {
        socket = await openSocket(url, {
          handshakeTimeoutMs: opts.handshakeTimeoutMs ?? 10_000,
          signal: abort.signal,
        });
      } catch (error) {
        state$.next(3);
        report(ctx, error);
        if (opts.reconnect === false || closed) return;
        const delayMs = backoffDelay(failures, opts.reconnect ?? {});
        failures++;
        ctx.events.next({ type: 'reconnecting', delayMs, attempt: failures });
        await waker.sleep(delayMs);
        continue;
      }
      if (closed) {
        socket.terminate();
        return;
      }
      failures = 0;
      state$.next(1);
      await session(socket);
      socket = null;
      if (opts.reconnect === false || closed) return;
      if (rebooting) {
        rebooting = false;
        continue;
      }
      const delayMs = backoffDelay(0, opts.reconnect ?? {});
      ctx.events.next({ type: 'reconnecting', delayMs, attempt: 1 });
      await waker.sleep(delayMs);
    }
  };
  let rebooting = false;
  const running = loop();

  return {
    state$,
    traffic$,
    heartbeatChanged: () => heartbeat$.next(),
    reboot() {
      booted = false;
      rebooting = true;
      if (socket) {
        state$.next(2);
        socket.close(1000, 'Reset');
      }
      waker.wake();
    },
    async close() {
      closed = true;
      abort.abort();
      waker.wake();
      if (socket && socket.readyState <= 1) {
        state$.next(2);
        socket.close(1000, 'Charge point closing');
        const s = socket;
        // Don't wait forever for a peer that never completes the closing handshake.
        const t = setTimeout(() => s.terminate(), 2000);
        await running;
        clearTimeout(t);
      } else {
        await running;
      }
      state$.next(3);
      state$.complete();
      traffic$.complete();
      heartbeat$.complete();
    },
  };
}
