/**
 * `/ws` (WIFI-API.md §13.1): every new connection makes the module send the whole status to
 * every client; then each event (the changed keys); `{"ping":n}` is answered `{"pong": 1}`.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Subscription } from 'rxjs';
import { WebSocket, WebSocketServer } from 'ws';
import type { StatusModel } from './model.js';

export interface WsHub {
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  readonly clients: number;
  /** Close every connection (a gateway restart: the clients reconnect). */
  dropAll(): void;
  close(): void;
}

export function createWsHub(model: StatusModel): WsHub {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const broadcast = (data: unknown) => {
    const text = JSON.stringify(data);
    for (const c of wss.clients) if (c.readyState === WebSocket.OPEN) c.send(text);
  };
  wss.on('connection', (ws) => {
    ws.on('message', (raw) => {
      try {
        const msg = JSON.parse(String(raw)) as unknown;
        if (typeof msg === 'object' && msg !== null && 'ping' in msg) ws.send('{"pong": 1}');
      } catch {
        // Other frames are ignored, as the module does.
      }
    });
    ws.on('error', () => ws.terminate());
    broadcast(model.status());
  });
  const sub: Subscription = model.events$.subscribe((delta) => broadcast(delta));
  return {
    upgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    get clients() {
      return wss.clients.size;
    },
    dropAll() {
      for (const c of wss.clients) c.close(1012, 'restart');
    },
    close() {
      sub.unsubscribe();
      for (const c of wss.clients) c.terminate();
      wss.close();
    },
  };
}
