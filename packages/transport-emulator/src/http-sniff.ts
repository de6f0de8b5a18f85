/**
 * Cross-protocol defence for the raw RAPI TCP port (AUDIT-2026-12.md finding 5): a browser
 * page can POST to any port, and the body (`\r$S4 0\r`) would otherwise run as RAPI. RAPI
 * clients start with `$` or a line ending (RAPI.md §1.1), never with an HTTP method, so a
 * connection whose first bytes are a request line is HTTP and is closed before anything runs.
 */

/** Every HTTP/1.x method a browser or tool sends, and HTTP/2's preface. */
const METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'OPTIONS',
  'PATCH',
  'CONNECT',
  'TRACE',
  'PRI',
];
const STARTS = METHODS.map((m) => `${m} `);

/** What the first bytes of a connection are: HTTP, not HTTP, or too few to tell. */
export function sniffHttp(start: string): 'http' | 'other' | 'undecided' {
  if (STARTS.some((s) => start.startsWith(s))) return 'http';
  return STARTS.some((s) => s.startsWith(start)) ? 'undecided' : 'other';
}

/** The answer an HTTP client gets before the connection closes: nothing was executed. */
export const NOT_HTTP_REPLY = (() => {
  const body = 'This is a raw RAPI (OpenEVSE serial) port, not an HTTP server; nothing was run.\n';
  return [
    'HTTP/1.1 400 Bad Request',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${body.length}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
})();
