// `evse bridge` refuses a controller it cannot hold asleep: every modelled firmware has `$FS`,
// so the station here is a real 3.11.3 emulator on TCP whose `$FS` is answered `$NK`, as a
// build without sleep would (FIELD-FIRMWARE.md "Implications for the bridge spec").
import { createEmulator, type DevicePort, serveTcp } from '@evse/transport-emulator';
import { filter, firstValueFrom, Subject } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { killAll, runCli } from '../../../test/support/evse-cli.js';

afterEach(() => killAll());

describe('evse bridge on a controller without sleep', () => {
  it('refuses at start, naming the firmware and what is missing', async () => {
    const emu = createEmulator({ firmware: '3.11.3', bootDelayMs: 0, postMs: 0 });
    await firstValueFrom(emu.control.status$.pipe(filter((s) => s.state === 'notConnected')));
    // The controller's UART, with `$FS` refused before it reaches the firmware.
    const output = new Subject<string>();
    const upstream = emu.device.output$.subscribe(output);
    let line = '';
    const refusing: DevicePort = {
      output$: output.asObservable(),
      receive(chunk) {
        for (const ch of chunk) {
          line += ch;
          if (ch !== '\r') continue;
          if (/^\$FS\b/.test(line)) output.next('$NK \r');
          else emu.device.receive(line);
          line = '';
        }
      },
    };
    const tcp = await serveTcp(refusing, { port: 0 });
    try {
      const { code, stdout, stderr } = await runCli(
        [
          'bridge',
          '--port',
          `tcp://127.0.0.1:${tcp.address.port}`,
          '--ocpp',
          'ws://127.0.0.1:9/steve/websocket/CentralSystemService',
          '--id',
          'CP-1',
        ],
        { timeoutMs: 20_000 },
      );
      expect(stderr).toMatch(
        /^evse: refusing to bridge: firmware 3\.11\.3 \(RAPI 1\.0\.3\) cannot be gated: it answers \$NK to \$FS \(sleep\)/m,
      );
      expect(stdout).not.toMatch(/BootNotification|OCPP connected/);
      expect(code).toBe(1);
    } finally {
      upstream.unsubscribe();
      await tcp.close();
      await emu.close();
    }
  }, 30_000);
});
