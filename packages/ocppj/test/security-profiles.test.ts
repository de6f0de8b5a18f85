/**
 * Security profiles 1–3 (OCPP 1.6 security whitepaper) of the shared connect code, against
 * real `http`/`https` + `ws` servers on 127.0.0.1 port 0 and a PKI made in the test: Basic
 * auth on the upgrade, the server certificate checked against a given CA, a client
 * certificate; wrong credentials and untrusted certificates give their own error codes, and
 * the password never shows.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { WebSocketServer } from 'ws';
import {
  basicAuthHeader,
  checkSecurityOptions,
  OcppConnectError,
  type OpenSocketOptions,
  openSocket,
  redactUrl,
} from '../src/index.js';
import { makePki, type Pki } from './support/pki.js';

const PASSWORD = 'correct-horse-battery-staple';
const ID = 'CP-1';
let pki: Pki;
beforeAll(() => {
  pki = makePki();
});
afterAll(() => pki?.cleanup());

interface Seen {
  authorization: string | undefined;
  peerCn: string | undefined;
}

/**
 * A WebSocket server selecting `test0.1`; with `password` it answers 401 unless the upgrade
 * carries Basic `CP-1:<password>`. Returns its base URL and what it saw of each upgrade.
 */
async function serve(server: Server, password?: string): Promise<{ url: string; seen: Seen[] }> {
  const wss = new WebSocketServer({ noServer: true, handleProtocols: () => 'test0.1' });
  const seen: Seen[] = [];
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const tls = req.socket as TLSSocket;
    const peer = typeof tls.getPeerCertificate === 'function' ? tls.getPeerCertificate() : null;
    const cn = peer?.subject?.CN;
    seen.push({
      authorization: req.headers.authorization,
      peerCn: Array.isArray(cn) ? cn.join() : cn,
    });
    if (password !== undefined && req.headers.authorization !== basicAuthHeader(ID, password)) {
      socket.end(
        'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => ws.on('message', (m) => ws.send(m)));
  });
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `127.0.0.1:${port}`, seen };
}

const open = (url: string, o: Partial<OpenSocketOptions> = {}) =>
  openSocket(url, { subprotocols: ['test0.1'], handshakeTimeoutMs: 10_000, chargeBoxId: ID, ...o });

/** The rejection of `p`, which must be an OcppConnectError. */
async function connectError(p: Promise<unknown>): Promise<OcppConnectError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OcppConnectError);
  return error as OcppConnectError;
}

/** Nothing an error carries (message, cause, fields) may contain the password. */
const leaks = (e: unknown): boolean =>
  JSON.stringify(e, Object.getOwnPropertyNames(e)).includes(PASSWORD) ||
  String((e as Error).cause).includes(PASSWORD) ||
  (e as Error).message.includes(PASSWORD);

describe('security profile 1: Basic auth over ws://', () => {
  it('sends chargeBoxId:password on the upgrade and opens', async () => {
    const { url, seen } = await serve(createHttpServer(), PASSWORD);
    const ws = await open(`ws://${url}/${ID}`, { password: PASSWORD });
    onTestFinished(() => ws.terminate());
    expect(ws.protocol).toBe('test0.1');
    const header = seen[0]?.authorization ?? '';
    expect(Buffer.from(header.replace(/^Basic /, ''), 'base64').toString()).toBe(
      `${ID}:${PASSWORD}`,
    );
  });

  it('a wrong password is UNAUTHORIZED (401), without the password anywhere', async () => {
    const { url } = await serve(createHttpServer(), PASSWORD);
    const wrong = 'not-the-password-at-all';
    const e = await connectError(open(`ws://${url}/${ID}`, { password: wrong }));
    expect(e.code).toBe('UNAUTHORIZED');
    expect(e.status).toBe(401);
    expect(e.message).toMatch(/401: authorization refused/);
    expect(JSON.stringify(e, Object.getOwnPropertyNames(e))).not.toContain(wrong);
    // and without any password at all, too
    expect((await connectError(open(`ws://${url}/${ID}`))).code).toBe('UNAUTHORIZED');
  });
});

describe('security profile 2: TLS + Basic auth', () => {
  const https = () => createHttpsServer({ cert: pki.serverCert, key: pki.serverKey });

  it('checks the server against the given CA and opens with the password', async () => {
    const { url, seen } = await serve(https(), PASSWORD);
    const ws = await open(`wss://${url}/${ID}`, { password: PASSWORD, ca: pki.ca });
    onTestFinished(() => ws.terminate());
    expect(ws.protocol).toBe('test0.1');
    expect(seen[0]?.authorization).toBe(basicAuthHeader(ID, PASSWORD));
  });

  it('a server certificate the system store does not trust is TLS, and no password is sent', async () => {
    const { url, seen } = await serve(https(), PASSWORD);
    const e = await connectError(open(`wss://${url}/${ID}`, { password: PASSWORD }));
    expect(e.code).toBe('TLS');
    expect(e.message).toMatch(/TLS failed/);
    expect(leaks(e)).toBe(false);
    expect(seen).toEqual([]); // the upgrade (and its Authorization header) never went out
  });

  it('a server certificate from another CA than the one given is TLS', async () => {
    const { url } = await serve(https(), PASSWORD);
    const e = await connectError(
      open(`wss://${url}/${ID}`, { password: PASSWORD, ca: pki.otherCa }),
    );
    expect(e.code).toBe('TLS');
  });
});

describe('security profile 3: TLS client certificate', () => {
  const https = () =>
    createHttpsServer({
      cert: pki.serverCert,
      key: pki.serverKey,
      ca: pki.ca,
      requestCert: true,
      rejectUnauthorized: true,
    });

  it('presents the client certificate; the server sees its CN', async () => {
    const { url, seen } = await serve(https());
    const ws = await open(`wss://${url}/${ID}`, {
      ca: pki.ca,
      cert: pki.clientCert,
      key: pki.clientKey,
    });
    onTestFinished(() => ws.terminate());
    expect(ws.protocol).toBe('test0.1');
    expect(seen[0]?.peerCn).toBe(ID);
  });

  it('without a client certificate, or with one the server does not trust, the attempt fails as TLS', async () => {
    const { url, seen } = await serve(https());
    const none = await connectError(open(`wss://${url}/${ID}`, { ca: pki.ca }));
    expect(none.code).toBe('TLS');
    const stranger = await connectError(
      open(`wss://${url}/${ID}`, { ca: pki.ca, cert: pki.strangerCert, key: pki.strangerKey }),
    );
    expect(stranger.code).toBe('TLS');
    expect(seen).toEqual([]);
  });
});

describe('security options', () => {
  const base = { url: 'wss://cs.example/ocpp', chargeBoxId: ID };

  it('are checked up front, naming the option and never the password', () => {
    expect(() => checkSecurityOptions({ ...base, password: '' })).toThrow(/^password: /);
    expect(() => checkSecurityOptions({ ...base, chargeBoxId: 'a:b', password: PASSWORD })).toThrow(
      /^password: Basic auth needs a chargeBoxId without ":"/,
    );
    expect(() => checkSecurityOptions({ ...base, cert: 'x' })).toThrow(
      /^key: cert and key go together/,
    );
    expect(() => checkSecurityOptions({ ...base, key: 'x' })).toThrow(
      /^cert: cert and key go together/,
    );
    expect(() => checkSecurityOptions({ ...base, url: 'ws://cs.example', ca: 'x' })).toThrow(
      /^ca: needs a wss:\/\/ url/,
    );
    expect(() => checkSecurityOptions({ ...base, ca: 42 as unknown as string })).toThrow(/^ca: /);
    expect(() => checkSecurityOptions({ ...base, password: PASSWORD, ca: 'x' })).not.toThrow();
  });

  it('a password in the URL itself is redacted from every error', async () => {
    expect(redactUrl(`wss://${ID}:${PASSWORD}@cs.example/x`)).toBe('wss://***@cs.example/x');
    expect(redactUrl('ws://127.0.0.1:9/a@b')).toBe('ws://127.0.0.1:9/a@b');
    const e = await connectError(open(`ws://${ID}:${PASSWORD}@127.0.0.1:9/${ID}`));
    expect(e.code).toBe('NETWORK');
    expect(e.message).not.toContain(PASSWORD);
    expect(e.url).toBe(`ws://***@127.0.0.1:9/${ID}`);
  });
});
