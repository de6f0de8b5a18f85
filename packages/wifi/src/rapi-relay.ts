/**
 * The RAPI relay of `/r`, `/rapi` and MQTT `rapi/in` (WIFI-API.md §12, §13.5): one command as
 * typed, answered with the controller's reply line (checksum included), or the module's error
 * name. Release builds pass only `$G…`, `$F0` and `$FB`.
 */
import { isRapiError, type RapiClientCore, type RapiErrorCode, withChecksum } from '@evse/core';

export interface RelayResult {
  /** The command as received. */
  readonly cmd: string;
  /** The reply line, `$OK …^XX` / `$NK^XX`, when the controller answered. */
  readonly ret?: string;
  /** `RAPI_RESPONSE_…` when it did not. */
  readonly error?: string;
  /** HTTP status the module answers with: 200 replied, 400 blocked, 500 otherwise. */
  readonly status: 200 | 400 | 500;
}

/** Release builds relay only these (WIFI-API.md §12, `evse_man.cpp:635-643`). */
export const releaseAllows = (cmd: string): boolean =>
  cmd.startsWith('$G') || cmd.startsWith('$F0') || cmd.startsWith('$FB');

const ERRORS: Partial<Record<RapiErrorCode, string>> = {
  TIMEOUT: 'RAPI_RESPONSE_TIMEOUT',
  CHECKSUM: 'RAPI_RESPONSE_BAD_CHECKSUM',
  TOO_LONG: 'RAPI_RESPONSE_CMD_TOO_LONG',
  MALFORMED: 'RAPI_RESPONSE_INVALID_RESPONSE',
};

/** The line the module passes on: `$` + OK/NK + fields, with its own XOR checksum (no seq id). */
const line = (ok: boolean, fields: readonly string[]) =>
  withChecksum([`$${ok ? 'OK' : 'NK'}`, ...fields].join(' '));

export async function relayRapi(
  client: Pick<RapiClientCore, 'request'>,
  cmd: string,
  fullRapi: boolean,
): Promise<RelayResult> {
  if (!fullRapi && !releaseAllows(cmd)) {
    return { cmd, error: 'RAPI_RESPONSE_BLOCKED', status: 400 };
  }
  // The controller reads up to the first `^` (RAPI.md §1.3): a client's own checksum is dropped.
  const text = cmd.split('^')[0]?.trim() ?? '';
  if (text.length >= 80) return { cmd, error: 'RAPI_RESPONSE_CMD_TOO_LONG', status: 500 };
  const m = /^\$([A-Za-z][A-Za-z0-9])(?:\s+(.*))?$/.exec(text);
  if (!m) return { cmd, error: 'RAPI_RESPONSE_INVALID_RESPONSE', status: 500 };
  const params = (m[2] ?? '').split(/\s+/).filter((p) => p !== '');
  try {
    const reply = await client.request(m[1] as string, params, { sequenceId: false });
    return { cmd, ret: line(true, reply.fields), status: 200 };
  } catch (error) {
    if (isRapiError(error, 'NK')) {
      return { cmd, ret: line(false, error.reply?.fields ?? []), status: 200 };
    }
    const code = isRapiError(error) ? error.code : undefined;
    return { cmd, error: (code && ERRORS[code]) || 'RAPI_RESPONSE_TIMEOUT', status: 500 };
  }
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The module's fixed HTML page (WIFI-API.md §12), with the command and its reply. */
export function relayHtml(result: RelayResult | null): string {
  let s =
    "<html><font size='20'><font color=006666>Open</font><b>EVSE</b></font><p><b>Open Source Hardware</b><p>RAPI Command Sent<p>Common Commands:<p>Set Current - $SC XX<p>Set Service Level - $SL 1 - $SL 2 - $SL A<p>Get Real-time Current - $GG<p>Get Temperatures - $GP<p><p><form method='get' action='r'><input type='text' id='rapi' name='rapi' length=32><p><input type='submit'></form>";
  if (result) {
    s += escapeHtml(result.cmd);
    s +=
      result.ret !== undefined
        ? `<p>&gt;${escapeHtml(result.ret)}`
        : `<p><strong>Error:</strong>${result.error}`;
  }
  return `${s}<script type='text/javascript'>document.getElementById('rapi').focus();</script><p></html>\r\n\r\n`;
}

/** The JSON body (assembled as the module does, WIFI-API.md §12). */
export const relayJson = (r: RelayResult): Record<string, string> =>
  r.ret !== undefined ? { cmd: r.cmd, ret: r.ret } : { cmd: r.cmd, error: r.error ?? 'UNKNOWN' };
