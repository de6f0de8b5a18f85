/**
 * `--ocpp-version 1.5|1.6|auto`. A charge point speaks one version for its whole life, so
 * `auto` asks the central system first: one WebSocket handshake offering both subprotocols
 * (`ocpp1.6`, `ocpp1.5`), the server's pick read from the answer (RFC 6455 §4.2.2: it picks one
 * of those offered), and the socket closed before the charge point of that version connects.
 */
import { endpointUrl, openSocket, type SecurityOptions } from '@evse/ocppj';
import { InvalidArgumentError, Option } from 'commander';
import { describeError } from './errors.js';

export const OCPP_VERSIONS = ['1.5', '1.6'] as const;
export type OcppVersion = (typeof OCPP_VERSIONS)[number];
export type OcppVersionChoice = OcppVersion | 'auto';

/** The subprotocol of each version (OCPP-J 1.5/1.6 §3.1). */
export const SUBPROTOCOL_OF: Readonly<Record<OcppVersion, string>> = {
  '1.5': 'ocpp1.5',
  '1.6': 'ocpp1.6',
};

/** How long the probe waits for the central system to answer its close, ms. */
const PROBE_CLOSE_MS = 2000;

/** Commander parser of `--ocpp-version`. */
export function parseOcppVersion(value: string): OcppVersionChoice {
  if (value === 'auto' || (OCPP_VERSIONS as readonly string[]).includes(value))
    return value as OcppVersionChoice;
  throw new InvalidArgumentError('expected 1.5, 1.6 or auto');
}

/**
 * The version the central system at `url` picks for `chargeBoxId` when offered both (1.6
 * first). Rejects like the charge point would (`OcppConnectError`: unreachable, 401, 404, TLS).
 */
export async function probeOcppVersion(
  url: string,
  chargeBoxId: string,
  security: SecurityOptions = {},
  options: { handshakeTimeoutMs?: number; signal?: AbortSignal } = {},
): Promise<OcppVersion> {
  const ws = await openSocket(endpointUrl(url, chargeBoxId), {
    subprotocols: [SUBPROTOCOL_OF['1.6'], SUBPROTOCOL_OF['1.5']],
    handshakeTimeoutMs: options.handshakeTimeoutMs ?? 10_000,
    chargeBoxId,
    ...security,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const picked = ws.protocol;
  // openSocket resolves the socket paused: resumed, it reads the server's close frame and
  // the closing handshake ends at once (paused, the server kept the session until ws's 30 s
  // close timeout, a second session beside the charge point's). Awaited, so the probe is
  // over at the central system before the charge point connects.
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  const giveUp = setTimeout(() => ws.terminate(), PROBE_CLOSE_MS);
  ws.resume();
  ws.close(1000, 'version probe');
  await closed;
  clearTimeout(giveUp);
  return picked === SUBPROTOCOL_OF['1.6'] ? '1.6' : '1.5';
}

/** Commander parser of `evse fleet --ocpp-version`: also `mix` (every other station 1.6). */
export function parseFleetOcppVersion(value: string): OcppVersionChoice | 'mix' {
  if (value === 'mix') return value;
  try {
    return parseOcppVersion(value);
  } catch {
    throw new InvalidArgumentError('expected 1.5, 1.6, mix or auto');
  }
}

/**
 * The one `--ocpp-version` option of `evse bridge`, `demo` and `fleet` (`fleet: true` adds
 * `mix`); each command gives its own default.
 */
export function ocppVersionOption(
  defaultValue: OcppVersionChoice,
  kind: { fleet?: true } = {},
): Option {
  return kind.fleet
    ? new Option(
        '--ocpp-version <version>',
        '1.5, 1.6, mix (every other station 1.6) or auto (the central system picks)',
      )
        .default(defaultValue)
        .argParser(parseFleetOcppVersion)
    : new Option(
        '--ocpp-version <version>',
        '1.5, 1.6, or auto: offer both and speak what the central system picks',
      )
        .default(defaultValue)
        .argParser(parseOcppVersion);
}

/** Pauses between probes while the central system does not answer, ms (the last repeats). */
const PROBE_RETRY_MS = [1000, 2000, 5000, 10_000, 30_000];

/**
 * The version to speak: `choice` itself, or for `auto` the central system's pick, probing
 * until it answers (each new reason said once through `say`). `null` when `signal` aborts.
 */
export async function chooseOcppVersion(
  choice: OcppVersionChoice,
  url: string,
  chargeBoxId: string,
  security: SecurityOptions,
  signal: AbortSignal,
  say: (line: string) => void,
): Promise<OcppVersion | null> {
  if (choice !== 'auto') return choice;
  let last = '';
  for (let attempt = 0; !signal.aborted; attempt++) {
    try {
      return await probeOcppVersion(url, chargeBoxId, security, { signal });
    } catch (error) {
      if (signal.aborted) break;
      const why = describeError(error);
      if (why !== last)
        say(`OCPP version: cannot ask the central system which yet (${why}); trying again`);
      last = why;
      const ms = PROBE_RETRY_MS[Math.min(attempt, PROBE_RETRY_MS.length - 1)] ?? 30_000;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ms);
        signal.addEventListener(
          'abort',
          () => {
            clearTimeout(t);
            resolve();
          },
          { once: true },
        );
      });
    }
  }
  return null;
}
