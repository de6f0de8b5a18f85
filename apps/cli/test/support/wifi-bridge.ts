// `evse bridge --wifi` as on a Pi: `evse central` (tag TAG-1, station CP-W), `evse emulate`
// serving a PTY, and the bridge over that PTY with free vend TAG-1 and the WiFi module's API.
import { type CliProcess, startCli } from '../../../../test/support/evse-cli.js';

export interface WifiBridge {
  readonly bridge: CliProcess;
  /** The WiFi module API's base URL. */
  readonly wifi: string;
  /** The emulator's control API (EV buttons). */
  readonly control: string;
}

/** Start the three processes; resolves once the bridge's BootNotification is accepted. */
export async function startWifiBridge(): Promise<WifiBridge> {
  const cs = startCli(['central', '--listen', '127.0.0.1:0', '--tags', 'TAG-1', '--allow', 'CP-W']);
  const ocpp = (await cs.waitFor(/^OCPP endpoint (ws:\/\/127\.0\.0\.1:\d+\/\S+)$/m))[1] ?? '';
  const emu = startCli(['emulate', '--pty', '--no-tcp', '--http', '127.0.0.1:0']);
  const pty = (await emu.waitFor(/^PTY ready at (\S+)$/m))[1] ?? '';
  const control = (await emu.waitFor(/^Control API listening on (http:\S+)$/m))[1] ?? '';
  await emu.waitFor(/^state notConnected/m);
  const bridge = startCli([
    'bridge',
    ...['--port', pty, '--ocpp', ocpp, '--id', 'CP-W', '--id-tag', 'TAG-1'],
    ...['--wifi', '127.0.0.1:0'],
  ]);
  const wifi = (await bridge.waitFor(/^WiFi module API listening on (http:\S+)/m))[1] ?? '';
  await bridge.waitFor(/^BootNotification Accepted/m);
  return { bridge, wifi, control };
}
