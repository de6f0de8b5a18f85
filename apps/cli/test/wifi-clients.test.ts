// Issue 16's acceptance: each reference client (their recorded requests, read as each client
// reads them: packages/wifi/test/support/client-replay.ts) reads the status and changes the
// current and the override of the real `evse emulate --wifi`, and of `evse bridge --wifi` over
// a PTY to `evse emulate`, where the authorized OCPP claim holds the state (WIFI-API.md §7.1).
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtures, replayStep } from '../../../packages/wifi/test/support/client-replay.js';
import { killAll, startCli } from '../../../test/support/evse-cli.js';
import { evAction } from './support/ev-action.js';
import { startWifiBridge } from './support/wifi-bridge.js';

afterEach(() => killAll());

const status = async (wifi: string) =>
  (await (await fetch(`${wifi}/status`)).json()) as Record<string, unknown>;

describe('the reference clients against evse emulate --wifi', () => {
  it.each(fixtures.map((f) => [f.client, f] as const))(
    '%s',
    async (_name, fixture) => {
      const emu = startCli(['emulate', '--no-tcp', '--wifi', '127.0.0.1:0']);
      const wifi = (await emu.waitFor(/^WiFi module API listening on (http:\S+)/m))[1] ?? '';
      await expect.poll(async () => (await status(wifi))['state'], { timeout: 10_000 }).toBe(1);
      for (const step of fixture.requests) await replayStep(wifi, step);
      expect(await emu.stop('SIGINT')).toBe(0);
    },
    90_000,
  );
});

describe.skipIf(!existsSync('/usr/bin/socat'))(
  'the reference clients against evse bridge --wifi over a PTY',
  () => {
    it.each(fixtures.map((f) => [f.client, f] as const))(
      '%s',
      async (_name, fixture) => {
        const { bridge, wifi, control } = await startWifiBridge();
        // Plugged in and charging under TAG-1: the EVSE is awake, $GS says 03.
        await evAction(control, 'connect');
        await evAction(control, 'charge');
        await bridge.waitFor(/^StartTransaction accepted/m);
        await expect.poll(async () => (await status(wifi))['state'], { timeout: 10_000 }).toBe(3);
        for (const step of fixture.requests)
          await replayStep(wifi, step, { gsState: 3, ocppHoldsState: true });
        // firstof9 ends with POST /restart {"device":"evse"}: stop once the controller is back
        // and charging again (a SIGINT during its reboot can end the bridge with exit 1).
        await expect.poll(async () => (await status(wifi))['state'], { timeout: 20_000 }).toBe(3);
        expect(await bridge.stop('SIGINT')).toBe(0);
      },
      120_000,
    );
  },
);
