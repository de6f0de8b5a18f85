/**
 * Why a fleet failed, in words an operator can act on (AUDIT-2026-12.md #7, #8): the cause of
 * a refused connection and the run's verdict. `evse fleet` exits 1 when `fleetProblems` is
 * not empty.
 */
import type { OcppConnectError } from '@evse/ocpp15';
import type { FleetStats } from './stats.js';

/** A connection failure as a cause: refused, unknown path or id, authorization. */
export function connectCause(error: OcppConnectError): string {
  const errno = (error.cause as { code?: unknown } | undefined)?.code;
  switch (error.code) {
    case 'NOT_FOUND':
      // STEVE.md §1.1: an unknown chargeBoxId and a wrong path both answer 404.
      return `HTTP 404 for ${error.url}: the central system does not know this chargeBoxId (evse central: --allow-any or --allow) or the path is wrong (evse central's is /steve/websocket/CentralSystemService)`;
    case 'UNAUTHORIZED':
      return `HTTP 401 for ${error.url}: the central system refused the authorization (SteVe ≤ 3.5 also answers 401 for an unknown chargeBoxId)`;
    case 'HTTP_ERROR':
      return `HTTP ${error.status ?? '?'} for ${error.url} instead of a WebSocket upgrade: is that an OCPP endpoint?`;
    case 'SUBPROTOCOL':
      return `${error.message}: the server does not speak OCPP 1.5`;
    case 'TLS':
      return `${error.message}: is the central system's certificate signed by a trusted CA (or the one given), and is the client certificate one it accepts?`;
    case 'NETWORK':
      return errno === 'ECONNREFUSED'
        ? `connection refused at ${new URL(error.url).host}: is the central system running there?`
        : error.message;
  }
}

/** What went wrong in a run, one line each; empty when every station booted and nothing failed. */
export function fleetProblems(s: Readonly<FleetStats>): string[] {
  const problems: string[] = [];
  if (s.booted < s.stations) {
    const why = s.lastConnectError ?? s.lastError ?? 'no BootNotification was accepted';
    problems.push(`${s.stations - s.booted} of ${s.stations} stations did not boot: ${why}`);
  }
  if (s.errors > 0) {
    problems.push(`${s.errors} errors; the last: ${s.lastError ?? 'unknown'}`);
  }
  if (s.rejected > 0) {
    problems.push(
      `${s.rejected} authorizations refused (last: ${s.lastRejection ?? '?'}): the central system must accept the scenario's tags (evse central: --tags)`,
    );
  }
  return problems;
}
