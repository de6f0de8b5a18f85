/**
 * How the RAPI wire format changed across controller firmware, keyed by the RAPI protocol
 * version `$GV` reports (docs/protocol/FIELD-FIRMWARE.md §2). The one place these facts are
 * stated: the client decodes by it, the emulator's firmware profiles speak by it.
 *
 * What a version *answers* (its command set) is a separate table; this one is only the wire.
 */

/** A RAPI protocol version as three numbers, e.g. `[5, 2, 1]`. */
export type ProtocolVersion = readonly [major: number, minor: number, patch: number];

/** The wire dialect of one RAPI protocol version. */
export interface RapiDialect {
  /** The protocol version this dialect was derived from. */
  readonly protocol: ProtocolVersion;
  /**
   * `$GS` reply: `'hex4'` = `state(hex) elapsed(dec) pilot(hex) vflags(hex)` (RAPI ≥ 5.0.0),
   * `'dec2'` = `state(dec) elapsed(dec)` (before).
   */
  readonly status: 'hex4' | 'dec2';
  /** Async state frames: `$AT`/`$AB` (RAPI ≥ 5.0.0) or the legacy `$ST xx` (before). */
  readonly asyncState: 'AT' | 'ST';
  /** Replies carry a `^xx` checksum (D4.0.0, RAPI 2.0.0 on). */
  readonly replyChecksum: boolean;
  /** Async frames carry a `^xx` checksum (D4.1.0, RAPI 2.0.1 on). */
  readonly asyncChecksum: boolean;
  /** A `:ss` sequence id on a command is echoed (RAPI 3.0.0 on). */
  readonly sequenceIds: boolean;
  /** `$AT` is sent on plug and unplug while the EVSE sleeps (D6.2.1, RAPI 5.1.0 on). */
  readonly atWhileSleeping: boolean;
  /**
   * Every reply has a space after `$OK`/`$NK`, data or not (`$OK \r`): RAPI 1.0.3 writes
   * `"OK "` then the data (v3.11.3 `rapi_proc.cpp` `response()`); 1.0.5 on writes the space
   * only before data.
   */
  readonly replySpace: boolean;
}

/** The oldest protocol this project speaks: RAPI 1.0.3 (firmware 3.7.8–3.11.3, FIELD-FIRMWARE.md §2). */
export const OLDEST_PROTOCOL: ProtocolVersion = [1, 0, 3];

/** `"5.2.1"` → `[5, 2, 1]`; `null` when the text is not three dot-separated numbers. */
export function parseProtocolVersion(text: string): ProtocolVersion | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** Negative when `a` is older than `b`, 0 when equal, positive when newer. */
export function compareProtocol(a: ProtocolVersion, b: ProtocolVersion): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

const atLeast = (v: ProtocolVersion, major: number, minor: number, patch = 0): boolean =>
  compareProtocol(v, [major, minor, patch]) >= 0;

/** The wire dialect of protocol `v` (FIELD-FIRMWARE.md §2 table). */
export function dialectOf(v: ProtocolVersion): RapiDialect {
  const modern = atLeast(v, 5, 0);
  return {
    protocol: v,
    status: modern ? 'hex4' : 'dec2',
    asyncState: modern ? 'AT' : 'ST',
    replyChecksum: atLeast(v, 2, 0),
    asyncChecksum: atLeast(v, 2, 0, 1),
    sequenceIds: atLeast(v, 3, 0),
    atWhileSleeping: atLeast(v, 5, 1),
    replySpace: !atLeast(v, 1, 0, 5),
  };
}

/**
 * The newest protocol modelled here: RAPI 5.2.1 (firmware 8.2.x, docs/protocol/RAPI.md). Newer
 * ones (RAPI 6.0.0, firmware 9.x, FIELD-FIRMWARE.md §2) are accepted and spoken with the 5.x
 * dialect `dialectOf` gives them: their wire format is the 5.x one; states it adds (0x0F–0x11)
 * have no statechart state and are ignored by a mirror.
 */
export const NEWEST_PROTOCOL: ProtocolVersion = [5, 2, 1];

/** The dialect a client speaks before it has read `$GV`: that of RAPI 5.2.1 (firmware 8.2.3). */
export const DEFAULT_DIALECT: RapiDialect = Object.freeze(dialectOf(NEWEST_PROTOCOL));

/** True when `v` is at least the oldest protocol this project speaks. */
export function isSupportedProtocol(v: ProtocolVersion): boolean {
  return compareProtocol(v, OLDEST_PROTOCOL) >= 0;
}
