import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { checkHttpRequest, httpGuardPolicy, requestPath } from '@evse/core';
import type { Subscription } from 'rxjs';
import {
  type ControlApiError,
  type ControlCommand,
  parseControlRequest,
} from './control-api-requests.js';
import { listen } from './listen.js';
import type { EmulatorControl } from './types.js';

/** Options of `serveControlApi`. */
export interface ServeControlApiOptions {
  /** Interface to bind; loopback unless you mean to expose the controls. @default '127.0.0.1' */
  host?: string;
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /**
   * A secret every request must carry (`Authorization: Bearer …`); required when `host` is
   * not loopback. @default undefined (none, loopback only)
   */
  token?: string;
  /** Other names the API is reached by, accepted in `Host` (DNS rebinding check). */
  hostNames?: readonly string[];
}

/** The HTTP control API, as returned by `serveControlApi`. */
export interface ControlApiServer {
  /** Base URL, e.g. `http://127.0.0.1:40123` (endpoints are under `/api/`). */
  readonly url: string;
  /** Stop listening and end every open event stream. Idempotent. */
  close(): Promise<void>;
}

/** Largest accepted request body; every valid body is far smaller. */
const MAX_BODY_BYTES = 16 * 1024;
/** Routes and the one method each accepts. */
const ROUTES: Record<string, 'GET' | 'POST'> = {
  '/api/status': 'GET',
  '/api/events': 'GET',
  '/api/ev': 'POST',
  '/api/fault': 'POST',
  '/api/swipe': 'POST',
  '/api/button': 'POST',
  '/api/ambient': 'POST',
  '/api/reboot': 'POST',
};

/**
 * Serve `control` as a small JSON-over-HTTP API (node:http, no framework): status, EV actions,
 * faults, card swipes, button, ambient temperature, reboot, and `GET /api/events` as
 * Server-Sent Events. Invalid requests get a 4xx `{ "error": { "code", "message" } }` and
 * change nothing. Endpoints are documented in the package README.
 * @example
 * const api = await serveControlApi(emulator.control);
 * await fetch(`${api.url}/api/ev`, { method: 'POST', body: '{"action":"connect"}' });
 */
export async function serveControlApi(
  control: EmulatorControl,
  options: ServeControlApiOptions = {},
): Promise<ControlApiServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError(`port: expected an integer 0..65535, got ${String(port)}`);
  }
  // Host, Origin, JSON-only writes and the token: core's one policy (AUDIT-2026-12.md #4).
  const policy = httpGuardPolicy({ host, token: options.token, hostNames: options.hostNames });
  const streams = new Set<ServerResponse>();

  const server = createServer((req, res) => guard(res, () => route(req, res)));
  const route = (req: IncomingMessage, res: ServerResponse): void => {
    const verdict = checkHttpRequest(req, policy);
    const path = requestPath(req.url);
    const method = ROUTES[path];
    if (!verdict.ok) {
      for (const [name, value] of Object.entries(verdict.headers ?? {})) res.setHeader(name, value);
      sendJson(res, verdict.status, { error: { code: verdict.code, message: verdict.message } });
    } else if (method === undefined) {
      sendError(res, { status: 404, code: 'NOT_FOUND', message: `no endpoint ${path}` });
    } else if (req.method !== method) {
      res.setHeader('allow', method);
      sendError(res, {
        status: 405,
        code: 'METHOD_NOT_ALLOWED',
        message: `${path} accepts ${method} only, not ${req.method}`,
      });
    } else if (path === '/api/status') {
      sendJson(res, 200, control.status());
    } else if (path === '/api/events') {
      openEventStream(res, control, streams);
    } else {
      readBody(req, (text) => guard(res, () => post(path.slice('/api/'.length), text, res)));
    }
  };
  const post = (route: string, text: string | null, res: ServerResponse): void => {
    if (text === null) {
      res.setHeader('connection', 'close');
      sendError(res, {
        status: 413,
        code: 'BODY_TOO_LARGE',
        message: `request body exceeds ${MAX_BODY_BYTES} bytes`,
      });
      return;
    }
    const parsed = parseControlRequest(route, text);
    if (!parsed.ok) {
      sendError(res, parsed.error);
      return;
    }
    // The state before the action rides along, so a client can say what changed (or what did
    // not, and why) instead of a bare "ok" (AUDIT-2026-12.md #15).
    const before = control.status();
    let heard: boolean | undefined;
    try {
      heard = execute(control, parsed.command);
    } catch (err) {
      // The emulator refused (e.g. a state that cannot take the action); report, don't crash.
      sendError(res, { status: 409, code: 'REJECTED', message: (err as Error).message });
      return;
    }
    // A swipe says whether a card reader heard it (nobody may be listening).
    const reply = heard === undefined ? { ok: true } : { ok: true, heard };
    sendJson(res, 200, { ...reply, before, status: control.status() });
  };

  await listen(server, host, port);
  const bound = server.address();
  const boundPort = typeof bound === 'object' && bound !== null ? bound.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;

  let closed: Promise<void> | null = null;
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const res of streams) res.end();
      server.closeAllConnections();
    });
    return closed;
  };
  return { url, close };
}

/** Carry out `command`; for a swipe, whether anyone heard it. */
function execute(control: EmulatorControl, command: ControlCommand): boolean | undefined {
  switch (command.kind) {
    case 'ev': {
      if (Object.keys(command.settings).length > 0) control.setEv(command.settings);
      const act = {
        connect: () => control.plugIn(),
        // An unplugged EV cannot ask for charge; accepting it would make the next plug-in
        // charge at once, a surprise nobody asked for (AUDIT-2026-12.md #15).
        charge: () => {
          if (!control.status().evConnected) throw new Error('the EV is not plugged in');
          control.startCharging();
        },
        stop: () => control.stopCharging(),
        disconnect: () => control.unplug(),
      };
      if (command.action !== null) act[command.action]();
      return;
    }
    case 'fault':
      control.injectFault(command.fault);
      return;
    case 'clearFault':
      control.clearFault();
      return;
    case 'swipe':
      return control.swipe(command.idTag);
    case 'button':
      control.pressButton(command.press);
      return;
    case 'ambient':
      control.setAmbient(command.celsius);
      return;
    case 'reboot':
      control.reboot();
      return;
  }
}

/** `text` is null when the body is over the limit (the rest is drained and discarded). */
function readBody(req: IncomingMessage, done: (text: string | null) => void): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    req.resume();
    done(null);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) over = true;
    else chunks.push(chunk);
  });
  req.on('end', () => done(over ? null : Buffer.concat(chunks).toString('utf8')));
}

/** Server-Sent Events: `status` on every status change (current first), `swipe` on card swipes. */
function openEventStream(
  res: ServerResponse,
  control: EmulatorControl,
  streams: Set<ServerResponse>,
): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  streams.add(res);
  const send = (event: string, data: unknown) =>
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  // The emulator closing completes these streams; then the event stream ends too.
  const end = () => res.end();
  const subs: Subscription[] = [
    control.status$.subscribe({ next: (s) => send('status', s), error: end, complete: end }),
    control.swipes$.subscribe({ next: (s) => send('swipe', s), error: end }),
  ];
  res.on('close', () => {
    streams.delete(res);
    for (const sub of subs) sub.unsubscribe();
  });
}

/** An unexpected throw (a bug, or the emulator closed) becomes a 500, never a crash. */
function guard(res: ServerResponse, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (!res.headersSent) {
      sendError(res, { status: 500, code: 'INTERNAL', message: (err as Error).message });
    } else res.destroy();
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(res: ServerResponse, error: ControlApiError): void {
  sendJson(res, error.status, { error: { code: error.code, message: error.message } });
}
