import type { Server } from 'node:net';
import { ExposureError } from './exposure-errors.js';

/** `server.listen` as a promise, with `EADDRINUSE` named with its address. */
export function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (cause: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        cause.code === 'EADDRINUSE'
          ? new ExposureError('EADDRINUSE', `${host}:${port} is already in use (EADDRINUSE)`, {
              cause,
            })
          : new ExposureError(
              'LISTEN_FAILED',
              `cannot listen on ${host}:${port}: ${cause.message}`,
              {
                cause,
              },
            ),
      );
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
