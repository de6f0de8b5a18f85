/**
 * Who may use the module's API: core's request policy (Host, Origin, Sec-Fetch-Site:
 * `checkHttpRequest`) and then the module's own HTTP Basic auth (`www_username` /
 * `www_password`, WIFI-API.md §2) or the bearer token of the other evse surfaces. The module's
 * clients send no JSON content type on `PATCH`/`DELETE` and a form to `/r`; those are let
 * through the content-type rule (a foreign page is already refused by Origin, and cannot send
 * `PATCH`/`DELETE` without a preflight, which is refused).
 */
import type { IncomingMessage } from 'node:http';
import { checkHttpRequest, type HttpGuardPolicy, isLoopbackHost, requestPath } from '@evse/core';

export interface BasicAuth {
  /** @default 'openevseadmin' (the module's name when none is set) */
  readonly username?: string;
  readonly password: string;
}

export interface GuardOptions {
  /** The address the server is bound to. */
  readonly host: string;
  readonly hostNames?: readonly string[] | undefined;
  readonly auth?: BasicAuth | undefined;
  readonly token?: string | undefined;
}

export type Refusal = {
  readonly status: number;
  readonly body: Record<string, string>;
  readonly headers?: Readonly<Record<string, string>>;
};

function sameSecret(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a.charCodeAt(i) || 0) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Throws a TypeError when the options would leave a non-loopback server open. */
export function checkGuardOptions(o: GuardOptions): void {
  if (o.auth !== undefined && o.auth.password === '') {
    throw new TypeError('auth.password: must not be empty');
  }
  if (!isLoopbackHost(o.host) && o.auth === undefined && o.token === undefined) {
    throw new TypeError(
      `auth: a password (or a token) is required when listening on ${o.host}, which is not loopback`,
    );
  }
}

const formPath = (path: string) => path === '/r' || path === '/rapi';

/** Null when `req` may be served, else how to refuse it. */
export function guard(req: IncomingMessage, o: GuardOptions): Refusal | null {
  const policy: HttpGuardPolicy = { boundHost: o.host, hostNames: o.hostNames };
  const verdict = checkHttpRequest(req, policy);
  if (!verdict.ok) {
    const method = (req.method ?? 'GET').toUpperCase();
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const tolerated =
      verdict.status === 415 &&
      ((formPath(requestPath(req.url)) && type === 'application/x-www-form-urlencoded') ||
        ((method === 'PATCH' || method === 'DELETE') && type === ''));
    if (!tolerated) {
      return {
        status: verdict.status,
        body: { msg: verdict.message },
        ...(verdict.headers ? { headers: verdict.headers } : {}),
      };
    }
  }
  return authorize(req, o);
}

function authorize(req: IncomingMessage, o: GuardOptions): Refusal | null {
  if (o.auth === undefined && o.token === undefined) return null;
  const header = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  if (o.token !== undefined && bearer !== undefined && sameSecret(bearer, o.token)) return null;
  if (o.auth !== undefined) {
    const basic = /^Basic\s+(\S+)\s*$/i.exec(header)?.[1];
    if (basic !== undefined) {
      const text = Buffer.from(basic, 'base64').toString('utf8');
      const colon = text.indexOf(':');
      const user = text.slice(0, colon);
      const pass = text.slice(colon + 1);
      const want = o.auth.username || 'openevseadmin';
      if (colon >= 0 && sameSecret(user, want) && sameSecret(pass, o.auth.password)) return null;
    }
  }
  // The module: 401, realm = its hostname, empty body; `{"msg":"auth"}` for its own web app.
  const app = req.headers['x-requested-with'] === 'OpenEVSE';
  return {
    status: 401,
    body: app ? { msg: 'auth' } : {},
    headers: { 'www-authenticate': o.auth ? 'Basic realm=openevse' : 'Bearer' },
  };
}
