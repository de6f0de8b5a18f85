/**
 * The WebSocket upgrade checks of SteVe's `OcppWebSocketHandshakeHandler`, in SteVe's order
 * (STEVE.md §1.1, §1.2): path → chargeBoxId syntax (400) → registered (404) → HTTP Basic auth
 * (400 unparsable / 401) → `Sec-WebSocket-Protocol` present (400) → a served subprotocol
 * offered (404). No WebSocket is opened when a check fails.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** What the checks need. */
export interface HandshakeConfig {
  /** Path prefix before `/<chargeBoxId>`, e.g. `/steve/websocket/CentralSystemService`. */
  readonly basePath: string;
  /** Registered chargeBoxIds (matched case-insensitively), or `'any'` (auto-register). */
  readonly allow: readonly string[] | 'any';
  /** Basic-auth passwords per chargeBoxId (SteVe security profile 1). */
  readonly passwords: Readonly<Record<string, string>>;
  /** One Basic-auth password for every station without its own in `passwords`. */
  readonly password?: string;
  /** Served subprotocols, exact and case-sensitive. */
  readonly protocols: readonly string[];
}

/** The verdict on one upgrade request. */
export type HandshakeResult =
  | { readonly ok: true; readonly chargeBoxId: string; readonly protocol: string }
  | {
      readonly ok: false;
      readonly status: 400 | 401 | 404;
      readonly reason: string;
      /** Set when the id is valid but not registered (SteVe lists these, STEVE.md §1.3). */
      readonly unknownId?: string;
    };

// ChargeBoxIdValidator's default regex `[^=/()<>]*`, plus non-empty and no surrounding
// whitespace (`web/validation/ChargeBoxIdValidator.java`).
const ID_FORBIDDEN = /[=/()<>]/;

const reject = (status: 400 | 401 | 404, reason: string): HandshakeResult => ({
  ok: false,
  status,
  reason,
});

/**
 * Equal passwords, judged in time independent of where they differ (both sides are hashed to
 * equal length first), so the answer time tells nothing about the password.
 */
export function samePassword(given: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

const findCaseInsensitive = (ids: Iterable<string>, id: string): string | undefined => {
  const lower = id.toLowerCase();
  for (const candidate of ids) if (candidate.toLowerCase() === lower) return candidate;
  return undefined;
};

/** Runs SteVe's handshake checks on a request's URL and headers. */
export function checkHandshake(
  url: string,
  headers: IncomingHttpHeaders,
  config: HandshakeConfig,
): HandshakeResult {
  const path = url.split('?')[0] ?? '';
  const prefix = `${config.basePath}/`;
  if (!path.startsWith(prefix)) return reject(404, 'no handler for this path');
  const raw = path.slice(prefix.length);
  // The Spring pattern `*` matches exactly one path segment.
  if (raw.includes('/')) return reject(404, 'no handler for this path');
  let requested: string;
  try {
    requested = decodeURIComponent(raw);
  } catch {
    return reject(400, 'chargeBoxId is not percent-decodable');
  }
  if (requested === '' || requested.trim() !== requested || ID_FORBIDDEN.test(requested))
    return reject(400, 'invalid chargeBoxId');
  // Lookup is case-insensitive; afterwards the registered spelling is used (STEVE.md §1.1).
  const chargeBoxId =
    config.allow === 'any' ? requested : findCaseInsensitive(config.allow, requested);
  if (chargeBoxId === undefined)
    return {
      ok: false,
      status: 404,
      reason: `unknown chargeBoxId ${requested}`,
      unknownId: requested,
    };

  const passwordKey = findCaseInsensitive(Object.keys(config.passwords), chargeBoxId);
  const expected = passwordKey !== undefined ? config.passwords[passwordKey] : config.password;
  if (expected !== undefined) {
    const header = headers.authorization;
    if (header === undefined) return reject(401, 'authentication required');
    const m = typeof header === 'string' ? /^Basic ([A-Za-z0-9+/]+=*)$/.exec(header.trim()) : null;
    const decoded = m?.[1] === undefined ? undefined : Buffer.from(m[1], 'base64').toString('utf8');
    const colon = decoded?.indexOf(':') ?? -1;
    if (decoded === undefined || colon < 0) return reject(400, 'unparsable Authorization header');
    const user = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    // Both checks always run: a wrong id costs the same time as a wrong password.
    const rightPassword = samePassword(password, expected);
    if (user.toLowerCase() !== chargeBoxId.toLowerCase() || !rightPassword)
      return reject(401, 'wrong credentials');
  }

  const offered = headers['sec-websocket-protocol'];
  if (typeof offered !== 'string') return reject(400, 'Sec-WebSocket-Protocol header missing');
  // Iterate the client's list in its order and take the first served one (STEVE.md §1.2).
  const protocol = offered
    .split(',')
    .map((p) => p.trim())
    .find((p) => config.protocols.includes(p));
  if (protocol === undefined)
    return reject(404, `none of the offered subprotocols is served: ${offered}`);
  return { ok: true, chargeBoxId, protocol };
}
