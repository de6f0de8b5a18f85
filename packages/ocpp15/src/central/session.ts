/**
 * One SteVe-like WebSocket session: an RPC endpoint in `steve` validation mode with SteVe's
 * CALLERRORs, SteVe's socket closes for bad frames (STEVE.md §1.5), unlimited concurrency for
 * CS CALLs (SteVe does not serialise its own CALLs, §1.6), 15-min pings whose pongs count as
 * heartbeats and a 2 h idle timeout (§1.4).
 */

import { type Dialect, RpcEndpointImpl, type RpcTraffic } from '@evse/ocppj';
import { WebSocket } from 'ws';
import type { RpcEvent } from '../wire/rpc.js';
import type { ConnectionInfo } from './options.js';
import { coerceAgainst } from './steve-coerce.js';
import { type SteveClose, steveCallError, steveCloseFor } from './steve-errors.js';
import { escapeStrings, forHtml } from './steve-json.js';
import type { CentralHandler, CentralVersion } from './version.js';

/** Session settings. */
export interface SessionConfig {
  readonly callTimeoutMs: number;
  readonly pingIntervalMs: number;
  readonly idleTimeoutMs: number;
  readonly htmlEscape: boolean;
  readonly rejectUnknownProperties: boolean;
  /** Apply SteVe's Jackson coercions before validation, for a JVM at this UTC offset (min); null = off. */
  readonly coerceAtOffsetMinutes: number | null;
}

/** Callbacks into the central system. */
export interface SessionHooks {
  /** The session's version (chosen by subprotocol, STEVE.md §1.2). */
  readonly version: CentralVersion;
  readonly handlers: Readonly<Record<string, CentralHandler>>;
  /** Whether anybody would see a frame now (an events$ observer, a log file). */
  readonly wantsTraffic: () => boolean;
  readonly onTraffic: (t: RpcTraffic) => void;
  readonly onProblem: (event: RpcEvent, close: SteveClose | null) => void;
  readonly onPong: () => void;
  readonly onClose: (code: number, reason: string) => void;
}

/** A live session. */
export interface Session {
  readonly info: ConnectionInfo;
  /** The session's endpoint, speaking its version's dialect. */
  readonly endpoint: RpcEndpointImpl<Dialect>;
  readonly socket: WebSocket;
  readonly version: CentralVersion;
}

/** Opens a session on an accepted socket. */
export function openSession(
  socket: WebSocket,
  info: ConnectionInfo,
  config: SessionConfig,
  hooks: SessionHooks,
): Session {
  // ws emits 'error' for protocol violations (bad UTF-8, oversize → 1009); without a
  // listener the process would crash. The close that follows is reported as usual.
  socket.on('error', () => {});
  const { dialect } = hooks.version;
  const endpoint = new RpcEndpointImpl<Dialect>(socket, dialect, {
    role: 'centralSystem',
    callTimeoutMs: config.callTimeoutMs,
    concurrency: Number.POSITIVE_INFINITY,
    validation: config.rejectUnknownProperties ? 'strict' : 'steve',
    callErrorFor: steveCallError,
    ...(config.htmlEscape ? { mapIncomingString: forHtml } : {}),
    ...(config.coerceAtOffsetMinutes === null
      ? {}
      : {
          prepareIncomingCall: (action: string, payload: unknown) => {
            const row = dialect.actions[action];
            return row === undefined
              ? payload
              : coerceAgainst(row.req, payload, config.coerceAtOffsetMinutes ?? 0);
          },
        }),
  });
  // A sink, not a traffic$ subscription: with nobody looking, the endpoint builds no record
  // (and no Date) per frame — at thousands of MeterValues/s that was a tenth of the work.
  endpoint.setTrafficSink({ wantsTraffic: hooks.wantsTraffic, traffic: hooks.onTraffic });
  endpoint.events$.subscribe((event) => {
    if (event.type === 'call') return;
    const close = steveCloseFor(event as RpcEvent);
    hooks.onProblem(event as RpcEvent, close);
    if (close && socket.readyState === WebSocket.OPEN) socket.close(close.code, close.reason);
  });
  for (const [action, handler] of Object.entries(hooks.handlers)) {
    endpoint.handle(
      action,
      (payload) =>
        (config.htmlEscape ? escapeStrings(handler(payload)) : handler(payload)) as never,
    );
  }

  // Jetty's idle timeout; 1001 is our choice of close code (STEVE.md §1.4 gives none). One
  // timer per session, pushed back on every frame with refresh() (no new timer per frame).
  const idle = setTimeout(() => socket.close(1001, 'Idle Timeout'), config.idleTimeoutMs);
  const resetIdle = (): void => {
    idle.refresh();
  };
  socket.on('message', resetIdle);
  socket.on('pong', () => {
    resetIdle();
    hooks.onPong();
  });
  // First ping one interval after connect, payload "ping" (ocpp/ws/PingTask.java).
  const ping = setInterval(() => {
    if (socket.readyState === WebSocket.OPEN) socket.ping('ping');
  }, config.pingIntervalMs);
  socket.once('close', (code, reason) => {
    clearTimeout(idle);
    clearInterval(ping);
    hooks.onClose(code, reason.toString());
  });
  return { info, endpoint, socket, version: hooks.version };
}
