import { CliError } from '../errors.js';

/** An HTTP answer: its status and its body, parsed as JSON when it is (else the text). */
export interface ControlReply {
  readonly status: number;
  readonly body: unknown;
}

/**
 * A call to an emulator control API (`serveControlApi`, transport-emulator README.md) or to
 * the bridge's authorize endpoint. Resolves to the parsed JSON reply; any failure is one
 * readable CliError.
 */
export async function callControlApi(
  base: URL,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
  token?: string,
): Promise<unknown> {
  const reply = await requestControlApi(base, method, path, body, signal, token);
  if (!isOk(reply)) throw replyError(method, path, reply);
  return reply.body;
}

/** A 2xx answer. */
export function isOk(reply: ControlReply): boolean {
  return reply.status >= 200 && reply.status <= 299;
}

/** The CliError for a non-2xx answer to `method path`. */
export function replyError(method: string, path: string, reply: ControlReply): CliError {
  // The server's 401 speaks HTTP; say how this command sends a token.
  const hint = reply.status === 401 ? ' (evse ev: --token TOKEN or $EVSE_TOKEN)' : '';
  return new CliError(
    `${method} ${path} failed: HTTP ${reply.status} ${errorText(reply.body)}${hint}`,
  );
}

/** The same call, resolving to any HTTP answer; only a failure to get one is a CliError. */
export async function requestControlApi(
  base: URL,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
  token?: string,
): Promise<ControlReply> {
  const url = new URL(path, base);
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: signal
        ? AbortSignal.any([signal, AbortSignal.timeout(5000)])
        : AbortSignal.timeout(5000),
    });
  } catch (error) {
    // undici wraps the socket error: its `cause` has the errno code (ECONNREFUSED) or says
    // why it did not even try (e.g. "bad port" for ports fetch refuses, like 1 or 6000).
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const why =
      (error as Error).name === 'TimeoutError'
        ? 'no HTTP answer within 5 s'
        : cause?.code === 'UND_ERR_SOCKET'
          ? // The emulator's RAPI TCP port closes on HTTP (AUDIT-2026-12.md #5, #26).
            'closed without an HTTP answer: is that a RAPI --tcp port? evse ev needs the --http address'
          : typeof cause?.code === 'string'
            ? cause.code
            : cause?.message === 'bad port'
              ? `port ${base.port} is one fetch refuses to use; serve the control API on another`
              : typeof cause?.message === 'string'
                ? cause.message
                : (error as Error).message;
    throw new CliError(
      `cannot reach the control API at ${base.origin} (${why}); is \`evse emulate\` (or demo) running there?`,
    );
  }
  const text = await response.text();
  let json: unknown = text;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    // Not JSON: keep the text for the error message.
  }
  return { status: response.status, body: json };
}

function errorText(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, 200);
  if (body && typeof body === 'object') {
    const error = (body as { error?: unknown; message?: unknown }).error ?? body;
    if (typeof error === 'string') return error;
    if (error && typeof error === 'object') {
      const { code, message } = error as { code?: unknown; message?: unknown };
      return [code, message].filter((v) => typeof v === 'string').join(': ');
    }
  }
  return '';
}
