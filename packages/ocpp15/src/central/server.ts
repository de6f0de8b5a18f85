/**
 * The central system's HTTP(S) server: plain `ws://`, or `wss://` with the given certificate
 * (security profiles 2/3). With `requestCert` the TLS layer asks for a client certificate
 * but lets the request through, so the upgrade can answer 401 as SteVe does (STEVE.md §1.2).
 */
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { CentralTlsOptions } from './options.js';

/** An HTTP server, or an HTTPS one when `tls` is given. */
export function createCentralServer(
  tls: CentralTlsOptions | undefined,
  listener: RequestListener,
): Server {
  if (tls === undefined) return createHttpServer(listener);
  return createHttpsServer(
    {
      cert: tls.cert,
      key: tls.key,
      ...(tls.ca === undefined ? {} : { ca: tls.ca }),
      requestCert: tls.requestCert === true,
      rejectUnauthorized: false,
    },
    listener,
  );
}
