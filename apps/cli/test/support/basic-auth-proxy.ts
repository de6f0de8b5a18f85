// A WebSocket endpoint that asks for HTTP Basic auth (OCPP security profile 1) in front of a
// central system that does not: each upgrade must carry `chargeBoxId:password`, the
// chargeBoxId being the last segment of its path (OCPP 1.6 Security Whitepaper §2.1); a wrong
// or missing one gets 401, a right one's raw connection is passed through.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';

export interface BasicAuthProxy {
  readonly port: number;
  /** Upgrades seen, and how many were refused. */
  readonly attempts: { total: number; refused: number };
  close(): Promise<void>;
}

export async function startBasicAuthProxy(
  targetPort: number,
  password: string,
): Promise<BasicAuthProxy> {
  const expected = (url = ''): string => {
    const id = decodeURIComponent(url.split('/').at(-1) ?? '');
    return `Basic ${Buffer.from(`${id}:${password}`).toString('base64')}`;
  };
  const attempts = { total: 0, refused: 0 };
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => res.writeHead(426).end());
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    attempts.total += 1;
    sockets.add(socket);
    if (req.headers.authorization !== expected(req.url)) {
      attempts.refused += 1;
      socket.end('HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="ocpp"\r\n\r\n');
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1', () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    sockets.add(upstream);
    const drop = () => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    attempts,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
