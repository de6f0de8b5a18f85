/**
 * `createCentralSystem()` serving OCPP 1.6J and 1.5J on the same endpoint, as SteVe does
 * (STEVE.md §1.1): the subprotocol a charge point offers first among `ocpp1.6`/`ocpp1.5`
 * decides its session's version (§1.2); both keep their records in the one store.
 */
import {
  CENTRAL_OCPP15,
  type CentralSystem,
  type CentralSystemOptions,
  createCentralSystem as createCentral,
} from '@evse/ocpp15/central';
import type { CallOptions } from '@evse/ocppj';
import type { CentralSystemAction, Confirmation, Request } from '../messages/actions.js';
import { CENTRAL_OCPP16 } from './version16.js';

/** Options: those of @evse/ocpp15's central system; the versions are 1.6 and 1.5. */
export type CentralSystem16Options = Omit<CentralSystemOptions, 'versions'>;

/** The running central system; `call` speaks the version of the station's newest session. */
export interface CentralSystem16 extends Omit<CentralSystem, 'call'> {
  /**
   * Sends a CS→CP CALL on the station's newest session, typed by the 1.6 table; the payload
   * is validated against the session's own version (a 1.6-only operation on a 1.5 session is
   * a TypeError, nothing sent). Rejects like @evse/ocpp15's `call`.
   */
  call<A extends CentralSystemAction>(
    chargeBoxId: string,
    action: A,
    payload: Request<A>,
    options?: CallOptions,
  ): Promise<Confirmation<A>>;
}

/** Starts a SteVe-like central system serving OCPP 1.6J and 1.5J; resolves once it listens. */
export async function createCentralSystem(
  options: CentralSystem16Options = {},
): Promise<CentralSystem16> {
  const cs = await createCentral({ ...options, versions: [CENTRAL_OCPP16, CENTRAL_OCPP15] });
  return cs as unknown as CentralSystem16;
}
