import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkHttpRequest, type HttpGuardPolicy, isLoopbackHost, tokenProblem } from '@evse/core';
import { InvalidArgumentError, Option } from 'commander';
import { type HostPort, parseList } from '../args.js';

/** `--token` and `--http-host` of every command with `--http`. */
export interface HttpSecurityOptions {
  readonly token?: string;
  readonly httpHost?: readonly string[];
}

/** Commander parser for `--token`: characters that fit a header and a cookie. */
export function parseToken(value: string): string {
  const problem = tokenProblem(value);
  if (problem !== null) throw new InvalidArgumentError(problem);
  return value;
}

/** `--token <token>` of every command with `--http`. */
export function tokenOption(): Option {
  return new Option(
    '--token <token>',
    'require TOKEN on the --http address (browser: open URL/?token=TOKEN once; scripts: Authorization: Bearer); generated and printed when --http is not loopback',
  ).argParser(parseToken);
}

/** `--http-host <names>` of every command with `--http`. */
export function httpHostOption(): Option {
  return new Option(
    '--http-host <names>',
    'more host names the --http address is reached by (comma-separated); other Host headers get 421',
  ).argParser(parseList);
}

/** A fresh secret: 144 random bits, URL- and cookie-safe. */
export function generateToken(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * The token of a public `--http` address: `--token` when given, else a generated one when the
 * address is not loopback (anyone on the network could drive the station otherwise), else
 * none.
 */
export function publicToken(
  address: HostPort,
  security: HttpSecurityOptions,
): { token: string | undefined; generated: boolean } {
  if (security.token !== undefined) return { token: security.token, generated: false };
  if (isLoopbackHost(address.host)) return { token: undefined, generated: false };
  return { token: generateToken(), generated: true };
}

/**
 * The one start-up line about the token of the server at `url`: a generated token is printed
 * here and nowhere else; one given with `--token` is not printed at all. Null: no token.
 */
export function tokenLine(
  url: string,
  token: { token: string | undefined; generated: boolean },
): string | null {
  if (token.token === undefined) return null;
  if (!token.generated) return `${url}/ requires the token given with --token`;
  const t = token.token;
  return `Token for ${url}/ (generated, --http is not loopback): ${t} (browser: open ${url}/?token=${t} once; scripts: "Authorization: Bearer ${t}", evse ev --token)`;
}

/** Apply `policy` to `req`; false when a refusal was sent (the JSON error shape of every API). */
export function admit(req: IncomingMessage, res: ServerResponse, policy: HttpGuardPolicy): boolean {
  const verdict = checkHttpRequest(req, policy);
  if (verdict.ok) return true;
  const text = JSON.stringify({ error: { code: verdict.code, message: verdict.message } });
  res.writeHead(verdict.status, {
    ...verdict.headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
  return false;
}
