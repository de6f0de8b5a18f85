/**
 * The one request policy of every HTTP surface (emulator control API, dashboard, bridge and
 * fleet APIs, the central system's plain-HTTP answers): pure, over a headers-like object, so
 * each server applies the same rules (issue 17 / AUDIT-2026-12.md findings 4, 13, 14, 21).
 *
 * 1. `Host` must name the bound address, a loopback name when bound to loopback, any IP
 *    literal when bound to a wildcard, or a configured name (DNS rebinding: a page on
 *    `evil.example` resolving to 127.0.0.1 still sends `Host: evil.example`) → 421.
 * 2. `OPTIONS` is refused (no CORS preflight succeeds; nothing sends CORS allowances) → 405.
 * 3. A browser request from another origin is refused: an `Origin` other than the server's
 *    own, or `Sec-Fetch-Site: cross-site|same-site` (another port on 127.0.0.1 is same-site)
 *    except a plain GET navigation (a link to the dashboard) → 403.
 * 4. Writes (not GET/HEAD) must be `Content-Type: application/json` (no form or no-cors
 *    body can be) → 415.
 * 5. With a token: `Authorization: Bearer TOKEN`, or the cookie set by one GET with
 *    `?token=TOKEN` (answered 303 to the same URL without it) → else 401.
 */

/** Request headers as node:http gives them: lower-case names. */
export type HeaderBag = Readonly<Record<string, string | readonly string[] | undefined>>;

/** What the policy looks at (an `IncomingMessage` fits). */
export interface GuardedRequest {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: HeaderBag;
}

/** Where a server listens and who may use it. */
export interface HttpGuardPolicy {
  /** The interface the server is bound to (`127.0.0.1`, `::1`, `0.0.0.0`, a name). */
  readonly boundHost: string;
  /** Other names the server is reached by (a DNS name, a reverse proxy's host). */
  readonly hostNames?: readonly string[] | undefined;
  /** A secret every request must carry; required by servers bound off loopback. */
  readonly token?: string | undefined;
}

/** Pass, or the answer to send instead of serving the request. */
export type HttpGuardVerdict =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly status: 303 | 400 | 401 | 403 | 405 | 415 | 421;
      readonly code: string;
      readonly message: string;
      readonly headers?: Readonly<Record<string, string>>;
    };

const PASS: HttpGuardVerdict = { ok: true };
const refuse = (
  status: 303 | 400 | 401 | 403 | 405 | 415 | 421,
  code: string,
  message: string,
  headers?: Record<string, string>,
): HttpGuardVerdict => ({ ok: false, status, code, message, ...(headers ? { headers } : {}) });

/** True for names and addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = normaliseHost(host);
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The path of a request target without query (`//api/x` stays `//api/x`, not host `api`). */
export function requestPath(url: string | undefined): string {
  const target = url ?? '/';
  const end = target.search(/[?#]/);
  return end < 0 ? target : target.slice(0, end);
}

/** Name of the cookie that carries the token for the server at `port` (cookies ignore ports). */
export function tokenCookieName(port: string): string {
  return `evse_token_${port.replace(/\D/g, '') || 'default'}`;
}

/** Why `token` cannot be used (RFC 6750 b64token characters, so it fits a header and a cookie). */
export function tokenProblem(token: string): string | null {
  return /^[A-Za-z0-9._~+/=-]{8,256}$/.test(token)
    ? null
    : 'must be 8 to 256 characters of A-Z a-z 0-9 - . _ ~ + / =';
}

/**
 * The policy of a server bound to `host`, checked: a token that cannot be used, or none while
 * bound off loopback (anyone on the network could drive the station), is a TypeError.
 */
export function httpGuardPolicy(options: {
  readonly host: string;
  readonly token?: string | undefined;
  readonly hostNames?: readonly string[] | undefined;
}): HttpGuardPolicy {
  const { host, token, hostNames } = options;
  if (token !== undefined) {
    const problem = tokenProblem(token);
    if (problem !== null) throw new TypeError(`token: ${problem}`);
  } else if (!isLoopbackHost(host)) {
    throw new TypeError(`token: required when listening on ${host}, which is not loopback`);
  }
  return { boundHost: host, token, hostNames };
}

/** Apply the policy to one request (see the module comment for the rules, in order). */
export function checkHttpRequest(req: GuardedRequest, policy: HttpGuardPolicy): HttpGuardVerdict {
  const hostHeader = header(req.headers, 'host');
  if (hostHeader === undefined) return refuse(400, 'HOST_REQUIRED', 'a Host header is required');
  const { name, port } = splitHost(hostHeader);
  if (!hostAllowed(name, policy)) {
    return refuse(
      421,
      'MISDIRECTED_HOST',
      `this server does not answer to host ${JSON.stringify(name.slice(0, 64))}; use its address or a name it was given`,
    );
  }
  const method = (req.method ?? 'GET').toUpperCase();
  if (method === 'OPTIONS') {
    return refuse(405, 'METHOD_NOT_ALLOWED', 'OPTIONS (CORS preflight) is not served', {
      allow: 'GET, HEAD, POST',
    });
  }
  const read = method === 'GET' || method === 'HEAD';
  const foreign = foreignOrigin(req.headers, hostHeader);
  if (foreign !== null) return refuse(403, 'CROSS_ORIGIN', foreign);
  const site = header(req.headers, 'sec-fetch-site');
  const navigation = read && header(req.headers, 'sec-fetch-mode') === 'navigate';
  if ((site === 'cross-site' || site === 'same-site') && !navigation) {
    return refuse(403, 'CROSS_ORIGIN', `requests from other sites are refused (${site})`);
  }
  if (!read) {
    const type = (header(req.headers, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      return refuse(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'send the body as Content-Type: application/json',
      );
    }
  }
  return policy.token === undefined ? PASS : checkToken(req, policy.token, port, read);
}

/**
 * The central system's OCPP WebSocket endpoint: charge points send no `Origin`; a browser
 * always does, so any `Origin` is a page trying to pose as a station → 403.
 */
export function checkStationUpgrade(headers: HeaderBag): HttpGuardVerdict {
  const origin = header(headers, 'origin');
  return origin === undefined
    ? PASS
    : refuse(403, 'CROSS_ORIGIN', 'a browser Origin is refused on the OCPP endpoint');
}

function checkToken(
  req: GuardedRequest,
  token: string,
  port: string,
  read: boolean,
): HttpGuardVerdict {
  const auth = header(req.headers, 'authorization');
  const bearer = auth === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1];
  if (bearer !== undefined && sameSecret(bearer, token)) return PASS;
  const cookieName = tokenCookieName(port);
  const cookie = cookieValue(header(req.headers, 'cookie'), cookieName);
  if (cookie !== undefined && sameSecret(cookie, token)) return PASS;
  const url = req.url ?? '/';
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  const pairs = query === '' ? [] : query.split('&');
  const offered = pairs.find((p) => p.startsWith('token='))?.slice('token='.length);
  if (read && offered !== undefined && sameSecret(decodeComponent(offered), token)) {
    const rest = pairs.filter((p) => !p.startsWith('token=')).join('&');
    return refuse(303, 'TOKEN_ACCEPTED', 'token accepted; continue without it in the URL', {
      location: `${requestPath(url)}${rest === '' ? '' : `?${rest}`}`,
      'set-cookie': `${cookieName}=${token}; Path=/; HttpOnly; SameSite=Strict`,
      'cache-control': 'no-store',
    });
  }
  return refuse(
    401,
    'TOKEN_REQUIRED',
    'this server needs its token: send "Authorization: Bearer TOKEN", or open /?token=TOKEN once in the browser',
    { 'www-authenticate': 'Bearer' },
  );
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : value?.[0];
}

function normaliseHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
}

function splitHost(value: string): { name: string; port: string } {
  const v = value.trim();
  const bracket = /^\[([^\]]*)\](?::(\d*))?$/.exec(v);
  if (bracket) return { name: normaliseHost(bracket[1] ?? ''), port: bracket[2] ?? '' };
  const colon = v.lastIndexOf(':');
  // One colon: name:port. None: a bare name. More: an unbracketed IPv6 literal (invalid).
  if (colon >= 0 && v.indexOf(':') === colon) {
    return { name: normaliseHost(v.slice(0, colon)), port: v.slice(colon + 1) };
  }
  return { name: normaliseHost(v), port: '' };
}

const isIpLiteral = (name: string): boolean =>
  /^\d{1,3}(\.\d{1,3}){3}$/.test(name) || (name.includes(':') && /^[0-9a-f:.]+$/.test(name));

function hostAllowed(name: string, policy: HttpGuardPolicy): boolean {
  if (name === '') return false;
  const bound = normaliseHost(policy.boundHost);
  if (name === bound) return true;
  if ((policy.hostNames ?? []).some((n) => normaliseHost(n) === name)) return true;
  // An IP literal cannot be a rebound name: the browser sends the name it resolved.
  if (bound === '0.0.0.0' || bound === '::' || bound === '') return isIpLiteral(name);
  return isLoopbackHost(bound) && isLoopbackHost(name);
}

/** Why the Origin is not this server's own (scheme aside: a TLS proxy may front it), or null. */
function foreignOrigin(headers: HeaderBag, hostHeader: string): string | null {
  const origin = header(headers, 'origin');
  if (origin === undefined) return null;
  const match = /^(https?):\/\/([^/]+)$/i.exec(origin.trim());
  if (match?.[2]?.toLowerCase() === hostHeader.trim().toLowerCase()) return null;
  return `requests from another origin (${origin.slice(0, 80)}) are refused`;
}

function cookieValue(cookies: string | undefined, name: string): string | undefined {
  for (const part of (cookies ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Compare secrets in time independent of where they differ. */
function sameSecret(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a.charCodeAt(i) || 0) ^ b.charCodeAt(i);
  return diff === 0;
}
