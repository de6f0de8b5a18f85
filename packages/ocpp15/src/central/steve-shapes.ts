/**
 * SteVe writes some lists even when empty (STEVE.md §1.6): GetConfiguration for "all keys"
 * arrives as `{"key":[]}`, a SendLocalList with no entries as `"localAuthorisationList":[]`.
 * The operator API sends the same shapes so a CP is tested against them.
 */
import type { CentralSystemAction, Request } from '../wire/messages.js';

/** Fills in the lists SteVe always writes. */
export function steveShape<A extends CentralSystemAction>(
  action: A,
  payload: Request<A>,
): Request<A> {
  if (action === 'GetConfiguration') return { key: [], ...payload };
  if (action === 'SendLocalList') return { localAuthorisationList: [], ...payload };
  return payload;
}
