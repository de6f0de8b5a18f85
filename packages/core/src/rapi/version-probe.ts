/**
 * The version probe: what `$GV` says about the controller, and the wire dialect to speak to
 * it. `$GV` is `$OK <firmware> <protocol>` in every firmware (docs/protocol/FIELD-FIRMWARE.md
 * §2). The firmware text is kept as is (`D7.1.6`, `8.2.3.EU`, `V8.1.0`, `9.0.0.SAMD` are not
 * numbers); every decision is taken on the protocol field.
 */
import {
  dialectOf,
  isSupportedProtocol,
  OLDEST_PROTOCOL,
  type ProtocolVersion,
  parseProtocolVersion,
  type RapiDialect,
} from './dialect.js';
import { RapiError } from './errors.js';

/** A controller as its `$GV` reply describes it. */
export interface ControllerVersion {
  /** Firmware version text as reported, e.g. `8.2.3.EU` (not a number: never parse it). */
  readonly firmware: string;
  /** RAPI protocol version text as reported, e.g. `5.2.1`. */
  readonly protocol: string;
  /** `protocol` as numbers. */
  readonly version: ProtocolVersion;
  /** The wire dialect of `version` (dialect.ts). */
  readonly dialect: RapiDialect;
}

// One dialect object per protocol text: a fleet of 10,000 stations speaks a handful of them.
const dialects = new Map<string, RapiDialect>();

/**
 * The controller described by the `$GV` fields `firmware` and `protocol`. Throws `RapiError`
 * `UNSUPPORTED` when the protocol is missing, not three numbers, or older than
 * `OLDEST_PROTOCOL`; the message names the firmware and protocol reported and the oldest
 * supported. Newer protocols than modelled (RAPI 6.x) are accepted with the 5.x dialect.
 * @example controllerVersion('3.11.3', '1.0.3').dialect.status // 'dec2'
 */
export function controllerVersion(
  firmware: string | undefined,
  protocol: string | undefined,
): ControllerVersion {
  const fw = firmware ?? '';
  const oldest = OLDEST_PROTOCOL.join('.');
  const version = protocol === undefined ? null : parseProtocolVersion(protocol);
  if (version === null || protocol === undefined) {
    const what = protocol === undefined ? 'no protocol version' : `protocol "${protocol}"`;
    throw new RapiError(
      'UNSUPPORTED',
      `controller firmware "${fw}" reports ${what}, not a RAPI version; the oldest supported is RAPI ${oldest}`,
    );
  }
  if (!isSupportedProtocol(version)) {
    throw new RapiError(
      'UNSUPPORTED',
      `controller firmware "${fw}" speaks RAPI ${protocol}; the oldest supported is RAPI ${oldest}`,
    );
  }
  let dialect = dialects.get(protocol);
  if (dialect === undefined) {
    dialect = Object.freeze(dialectOf(version));
    dialects.set(protocol, dialect);
  }
  return { firmware: fw, protocol, version, dialect };
}
