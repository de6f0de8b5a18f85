/** OCPP 1.6J as a version plugin of @evse/ocpp15's central system (STEVE.md §1.2, §3). */
import type { CentralVersion } from '@evse/ocpp15/central';
import { OCPP16 } from '../messages/dialect.js';
import { handlers16 } from './handlers16.js';

/**
 * SteVe writes some lists even when empty (STEVE.md §1.6): GetConfiguration for all keys as
 * `{"key":[]}`, SendLocalList with no entries as an empty list (1.6 spelling
 * `localAuthorizationList`). The operator API sends the same shapes.
 */
function shape16(action: string, payload: unknown): unknown {
  const p = payload as Record<string, unknown>;
  if (action === 'GetConfiguration') return { key: [], ...p };
  if (action === 'SendLocalList') return { localAuthorizationList: [], ...p };
  return payload;
}

/** The 1.6 plugin: the 1.6 table (every frame judged by it), 1.6 handlers, SteVe's shapes. */
export const CENTRAL_OCPP16: CentralVersion = {
  dialect: OCPP16,
  handlers: handlers16,
  shapeOutgoing: shape16,
};
