import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { HostPort } from '../args.js';
import { listenHttp } from '../http/listen.js';

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
 */
export async function serveBridgeApi(
  handlers: BridgeApiHandlers,
  address: HostPort,
): Promise<BridgeApi> {
  const server = createServer((req, res) => {
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
  const path = new URL(req.url ?? '/', 'http://x').pathname;
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
  let idTag: unknown;
  try {
    idTag = (JSON.parse(body) as { idTag?: unknown }).idTag;
  } catch {
    return send(res, 400, {
      error: { code: 'BAD_JSON', message: 'the body must be JSON {"idTag": "…"}' },
    });
  }
  if (typeof idTag !== 'string' || idTag === '' || idTag.length > 20) {
    return send(res, 400, {
      error: { code: 'BAD_ID_TAG', message: 'idTag must be a string of 1 to 20 characters' },
    });
  }
  return send(res, 200, await handlers.authorize(idTag));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_BODY) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
