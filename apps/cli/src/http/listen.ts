import type { Server } from 'node:http';
import type { HostPort } from '../args.js';

/** A listening HTTP server: its URL (the bound port when 0 was asked) and how to stop it. */
export interface ListeningHttp {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Listen on `address`; rejects with the listen error (EADDRINUSE, EACCES …) instead of
 * emitting it. `close()` also ends keep-alive connections, so it does not wait for clients.
 */
export async function listenHttp(server: Server, address: HostPort): Promise<ListeningHttp> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : address.port;
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
