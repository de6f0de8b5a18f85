/**
 * Every network surface the `evse` commands open, each a real child process on 127.0.0.1:0:
 * `central`, `emulate` (raw RAPI TCP + dashboard/control API, auth-locked), a second
 * `emulate` with `--token`, `bridge` to the first station over TCP with `--http`, and
 * `fleet --http`. For the cross-origin and Host-header tests.
 */
import { type CliProcess, startCli } from '../../../../test/support/evse-cli.js';

export interface Surfaces {
  readonly processes: readonly CliProcess[];
  /** `ws://…/steve/websocket/CentralSystemService`. */
  readonly central: string;
  readonly central_: CliProcess;
  /** Base URL of `evse emulate --http` (dashboard and control API). */
  readonly control: string;
  /** `host:port` of its raw RAPI TCP server. */
  readonly tcp: string;
  /** Base URL of an `evse emulate --http … --token TOKEN`. */
  readonly tokenControl: string;
  readonly token: string;
  /** Base URL of `evse bridge --http` (dashboard and authorize endpoint). */
  readonly bridge: string;
  readonly bridge_: CliProcess;
  /** Base URL of `evse fleet --http` (dashboard and status API). */
  readonly fleet: string;
}

const TOKEN = 'cross-origin-test-token';

export async function startSurfaces(): Promise<Surfaces> {
  const cs = startCli(['central', '--listen', '127.0.0.1:0', '--allow-any', '--tags', 'T1']);
  const central = (await cs.waitFor(/^OCPP endpoint (ws:\/\/127\.0\.0\.1:\d+\/\S+)$/m))[1] ?? '';
  const station = startCli([
    'emulate',
    '--tcp',
    '127.0.0.1:0',
    '--http',
    '127.0.0.1:0',
    '--auth-lock',
  ]);
  const tcp = (await station.waitFor(/^TCP listening on (\S+)$/m))[1] ?? '';
  const control = (await station.waitFor(/^Control API listening on (\S+)$/m))[1] ?? '';
  const locked = startCli(['emulate', '--no-tcp', '--http', '127.0.0.1:0', '--token', TOKEN]);
  const tokenControl = (await locked.waitFor(/^Control API listening on (\S+)$/m))[1] ?? '';
  const bridge_ = startCli([
    'bridge',
    '--port',
    `tcp://${tcp}`,
    '--ocpp',
    central,
    '--id',
    'CP-BRIDGE',
    '--http',
    '127.0.0.1:0',
  ]);
  const bridge =
    (await bridge_.waitFor(/^Authorize endpoint listening on (http:\S+)\/api\/authorize$/m))[1] ??
    '';
  const fleetCli = startCli([
    'fleet',
    '--count',
    '1',
    '--ocpp',
    central,
    '--id-prefix',
    'FLEET-',
    '--duration',
    '600',
    '--http',
    '127.0.0.1:0',
  ]);
  const fleet = (await fleetCli.waitFor(/^Dashboard at (http:\S+)\/$/m))[1] ?? '';
  return {
    processes: [cs, station, locked, bridge_, fleetCli],
    central,
    central_: cs,
    control,
    tcp,
    tokenControl,
    token: TOKEN,
    bridge,
    bridge_,
    fleet,
  };
}
