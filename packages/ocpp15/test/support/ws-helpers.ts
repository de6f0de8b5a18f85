/** Real `ws` sockets on 127.0.0.1:0 for tests, with a queued message reader. */
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

/** Reads a socket's text messages in order; `next()` waits for the next one. */
export function reader(ws: WebSocket) {
  const queue: string[] = [];
  const waiters: ((text: string) => void)[] = [];
  ws.on('message', (data, isBinary) => {
    const text = isBinary ? `<binary>` : data.toString();
    const w = waiters.shift();
    if (w) w(text);
    else queue.push(text);
  });
  return {
    next(timeoutMs = 2000): Promise<string> {
      const queued = queue.shift();
      if (queued !== undefined) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(done), 1);
          reject(new Error(`no message within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = (text: string) => {
          clearTimeout(timer);
          resolve(text);
        };
        waiters.push(done);
      });
    },
    async nextJson(timeoutMs?: number): Promise<unknown[]> {
      return JSON.parse(await this.next(timeoutMs)) as unknown[];
    },
    get pending(): number {
      return queue.length;
    },
  };
}

/** A plain `ws` server on 127.0.0.1:0 handing out its connections. */
export async function startServer() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const { port } = wss.address() as AddressInfo;
  const connections: WebSocket[] = [];
  const waiting: ((ws: WebSocket) => void)[] = [];
  wss.on('connection', (ws) => {
    const w = waiting.shift();
    if (w) w(ws);
    else connections.push(ws);
  });
  return {
    url: `ws://127.0.0.1:${port}`,
    nextConnection(): Promise<WebSocket> {
      const c = connections.shift();
      return c ? Promise.resolve(c) : new Promise((resolve) => waiting.push(resolve));
    },
    async close(): Promise<void> {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

// Close codes recorded from the moment a client socket is created, so a close that happens
// before a test asks for it (a fast server-side close) is never missed.
const closeCodes = new WeakMap<WebSocket, Promise<number>>();

/** Opens a client and waits for `open` (rejects on an HTTP error, with its status). */
export function connect(
  url: string,
  protocols?: string | string[],
  options: { headers?: Record<string, string> } = {},
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, options);
    closeCodes.set(ws, new Promise((done) => ws.once('close', (code) => done(code))));
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode }));
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

/** Resolves with the close code when the socket closes. */
export function closed(ws: WebSocket): Promise<number> {
  const known = closeCodes.get(ws);
  if (known !== undefined) return known;
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve(-1);
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}
