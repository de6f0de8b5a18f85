/**
 * `$GS` in either dialect (docs/protocol/FIELD-FIRMWARE.md §2): `state(hex) elapsed(dec)
 * pilot(hex) vflags(hex)` from RAPI 5.0.0, `state(dec) elapsed(dec)` before. The old form has
 * no pilot state and no vflags: they are `null` here, not 0 (which would claim "no EV").
 */
import type { RapiDialect } from './dialect.js';
import { RapiError } from './errors.js';
import { decodeReply } from './reply.js';

/** The `$GS` reply of any supported controller. */
export interface DeviceStatus {
  /** EVSE state code (RAPI.md §3.1; 254 sleeping, 255 disabled in both forms). */
  readonly evseState: number;
  /** Seconds since charging started (or since plug-in). */
  readonly elapsedSeconds: number;
  /** Pilot state code (RAPI.md §3.2); `null` on RAPI < 5.0.0, whose `$GS` has none. */
  readonly pilotState: number | null;
  /** Volatile flags (RAPI.md §3.4); `null` on RAPI < 5.0.0, whose `$GS` has none. */
  readonly vflags: number | null;
}

const DECIMAL = /^\d{1,10}$/;

/** Decode the data fields of a `$GS` reply by `dialect.status`; `MALFORMED` when they do not fit. */
export function decodeStatus(fields: readonly string[], dialect: RapiDialect): DeviceStatus {
  if (dialect.status === 'hex4') return decodeReply('GS', fields);
  // v3.11.3 rapi_proc.cpp and v5.0.1 firmware/open_evse/rapi_proc.cpp: "%d %ld".
  const [state, elapsed] = fields;
  if (
    state === undefined ||
    elapsed === undefined ||
    !DECIMAL.test(state) ||
    !DECIMAL.test(elapsed)
  ) {
    throw new RapiError(
      'MALFORMED',
      `$GS reply ${JSON.stringify(fields.join(' '))} is not "state elapsed" (decimal)`,
    );
  }
  return {
    evseState: Number.parseInt(state, 10),
    elapsedSeconds: Number.parseInt(elapsed, 10),
    pilotState: null,
    vflags: null,
  };
}
