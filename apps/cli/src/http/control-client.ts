import { CliError } from '../errors.js';

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
      typeof cause?.code === 'string'
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
  if (!response.ok) {
    // The server's 401 speaks HTTP; say how this command sends a token.
    const hint = response.status === 401 ? ' (evse ev: --token TOKEN or $EVSE_TOKEN)' : '';
    throw new CliError(
      `${method} ${url.pathname} failed: HTTP ${response.status} ${errorText(json)}${hint}`,
    );
  }
  return json;
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
