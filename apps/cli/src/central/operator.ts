/**
 * The request policy of a central system's operator API (`POST /api/ocpp/<id>/<Action>`,
 * `@evse/ocpp16/central`): core's HTTP guard for the --listen host, with the token it requires
 * off loopback; null (every operation refused with 403) off loopback without a token.
 */
import { type HttpGuardPolicy, httpGuardPolicy, isLoopbackHost } from '@evse/core';
import type { HostPort } from '../args.js';
import { describeError, UsageError } from '../errors.js';

export function operatorPolicyFor(options: {
  readonly listen: HostPort;
  readonly token?: string | undefined;
}): HttpGuardPolicy | null {
  const { host } = options.listen;
  if (options.token === undefined && !isLoopbackHost(host)) return null;
  try {
    return httpGuardPolicy({ host, token: options.token });
  } catch (error) {
    throw new UsageError(`--${describeError(error)}`);
  }
}
