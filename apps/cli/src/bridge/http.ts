import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { httpGuardPolicy, idTagProblem, requestPath } from '@evse/core';
import type { HostPort } from '../args.js';
import { listenHttp } from '../http/listen.js';
import { admit } from '../http/security.js';

/** What the bridge's HTTP endpoint can do. */
export interface BridgeApiHandlers {
  /** A card swipe; resolves with the reply body. */
  authorize(idTag: string): Promise<unknown>;
  /** The bridge's state as JSON. */
  status(): unknown;
}

/** A running bridge HTTP endpoint. */
export interface BridgeApi {
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY = 4096;

/**
 * Card swipes for a bridge whose station has no emulator behind it (a real OpenEVSE has no
 * RFID reader RAPI could report): `POST /api/authorize {"idTag": "…"}` (also as
 * `/api/swipe`, the emulator control API's name, so `evse ev authorize TAG --http …` works),
 * and `GET /api/status`. Errors are `{ "error": { "code", "message" } }` like the emulator's.
 * Core's request policy first (Host, Origin, JSON writes, `token`; AUDIT-2026-12.md #4, #21).
 */
export async function serveBridgeApi(
  handlers: BridgeApiHandlers,
  address: HostPort,
  token?: string,
): Promise<BridgeApi> {
  const policy = httpGuardPolicy({ host: address.host, token });
  const server = createServer((req, res) => {
    if (!admit(req, res, policy)) return;
    handle(req, res, handlers).catch((error: unknown) =>
      send(res, 500, {
        error: {
          code: 'INTERNAL',
          message: error instanceof Error ? error.message : String(error),
        },
      }),
    );
  });
  return listenHttp(server, address);
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  handlers: BridgeApiHandlers,
): Promise<void> {
  const path = requestPath(req.url);
  if (path === '/api/status' && req.method === 'GET') return send(res, 200, handlers.status());
  if (path !== '/api/authorize' && path !== '/api/swipe') {
    return send(res, 404, {
      error: { code: 'NOT_FOUND', message: `no route ${req.method} ${path}` },
    });
  }
  if (req.method !== 'POST') {
    return send(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: `${path} takes POST` } });
  }
  const body = await readBody(req);
  if (body === null) {
    res.setHeader('connection', 'close');
    return send(res, 413, {
      error: { code: 'BODY_TOO_LARGE', message: `the body exceeds ${MAX_BODY} bytes` },
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return send(res, 400, {
      error: { code: 'BAD_JSON', message: 'the body must be JSON {"idTag": "…"}' },
    });
  }
  const extra = Object.keys(json).find((key) => key !== 'idTag');
  if (extra !== undefined) {
    return send(res, 400, {
      error: {
        code: 'UNKNOWN_FIELD',
        message: `unknown field ${JSON.stringify(extra)} (known: idTag)`,
      },
    });
  }
  const { idTag } = json as { idTag?: unknown };
  const problem = idTagProblem(idTag);
  if (problem !== null) {
    return send(res, 400, { error: { code: 'BAD_ID_TAG', message: `idTag ${problem}` } });
  }
  return send(res, 200, await handlers.authorize(idTag as string));
}

/** The body, or null when it is over MAX_BODY (the rest is read and dropped, then a 413). */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let body = '';
    let over = Number(req.headers['content-length'] ?? 0) > MAX_BODY;
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      if (over) return;
      body += chunk;
      if (body.length > MAX_BODY) over = true;
    });
    req.on('end', () => resolve(over ? null : body));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
