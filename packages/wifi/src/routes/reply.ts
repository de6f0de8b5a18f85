/** How the module answers (WIFI-API.md §1): JSON with its no-cache header, or plain text. */
import type { ServerResponse } from 'node:http';

/** What a route returns once it has answered (so every path provably answers). */
export type Sent = true;

export const NO_CACHE =
  'no-cache, private, no-store, must-revalidate, max-stale=0, post-check=0, pre-check=0';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  type = 'application/json',
): Sent {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': type,
    'cache-control': NO_CACHE,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
  return true;
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  type = 'text/plain',
): Sent {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': NO_CACHE,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
  return true;
}

export const notAllowed = (res: ServerResponse): Sent =>
  sendJson(res, 405, { msg: 'Method not allowed' });

/** A request as the routes see it: method, path, query, the raw body. */
export interface WifiRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: string;
  readonly contentType: string;
}

/** The body as JSON, or `undefined` when it is not JSON. */
export function jsonBody(req: WifiRequest): unknown {
  try {
    return JSON.parse(req.body) as unknown;
  } catch {
    return undefined;
  }
}
