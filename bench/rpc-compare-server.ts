/**
 * The server half of bench/rpc-compare.ts, in its own process so the client heap and CPU are
 * the client's alone: `evse` = a `ws` server with `@evse/ocpp15`'s endpoint (central-system
 * role, strict), `ocpp-rpc` = its `RPCServer` (strict mode, ocpp1.6). Both answer
 * MeterValues.req with `{}`. Sends `{ port }` to the parent once listening.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createRpcEndpoint } from '@evse/ocpp15';
import { RPCServer } from 'ocpp-rpc';
import { WebSocketServer } from 'ws';

const lib = process.argv[2];
const send = (port: number): void => {
  process.send?.({ port });
};

if (lib === 'evse') {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'ocpp1.5' });
  wss.on('connection', (ws) => {
    const ep = createRpcEndpoint(ws, { role: 'centralSystem' });
    ep.handle('MeterValues', () => ({}));
  });
  await once(wss, 'listening');
  send((wss.address() as AddressInfo).port);
} else {
  const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: true });
  server.on('client', (client) => {
    client.handle('MeterValues', () => ({}));
  });
  const http = await server.listen(0, '127.0.0.1');
  send((http.address() as AddressInfo).port);
}
