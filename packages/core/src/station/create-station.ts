import type { Transport } from '../transport.js';
import { StationImpl } from './station.js';
import type { Station, StationOptions } from './types.js';

/**
 * Open a `Station` over `transport`: a RAPI client plus a mirror of the device's state.
 * Resolves once `$GV`, `$GS` and `$GE` have been read; if that fails the client (and, by
 * default, the transport) is closed and the `RapiError` is thrown.
 * @example
 * const station = await createStation(transport);
 * station.status$.subscribe((s) => console.log(s.state));
 */
export function createStation(
  transport: Transport,
  options: StationOptions = {},
): Promise<Station> {
  return StationImpl.open(transport, options);
}
