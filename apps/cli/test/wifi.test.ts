// The WiFi module's API on the real CLI: `evse emulate --wifi --mqtt` (a real mosquitto), and
// `evse bridge --wifi` over a PTY to `evse emulate`, where the OCPP claim outranks the
// module's manual override (WIFI-API.md §7.1).
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Broker,
  publish,
  startBroker,
  subscribe,
} from '../../../packages/wifi/test/support/broker.js';
import { killAll, runCli, startCli } from '../../../test/support/evse-cli.js';
import { evAction } from './support/ev-action.js';
import { startWifiBridge } from './support/wifi-bridge.js';

let broker: Broker | null = null;
const subs: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await killAll();
  for (const s of subs.splice(0)) await s.close();
  await broker?.close();
  broker = null;
});

const json = async (url: string, init?: RequestInit) =>
  (await (await fetch(url, init)).json()) as Record<string, unknown>;
const post = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('evse emulate --wifi --mqtt', () => {
  it('serves /status and /override, and MQTT sees the plug-in and obeys override/set', async () => {
    broker = await startBroker();
    const sub = subscribe(broker.port, ['emu/#', 'openevse/announce/#']);
    subs.push(sub);
    const emu = startCli([
      'emulate',
      '--no-tcp',
      '--http',
      '127.0.0.1:0',
      '--wifi',
      '127.0.0.1:0',
      '--mqtt',
      broker.url,
      '--mqtt-base',
      'emu',
    ]);
    const wifi = (await emu.waitFor(/^WiFi module API listening on (http:\S+)/m))[1] ?? '';
    const control = (await emu.waitFor(/^Control API listening on (http:\S+)$/m))[1] ?? '';
    await emu.waitFor(/^MQTT: connected to mqtt:\/\/127\.0\.0\.1:\d+, base topic emu$/m);
    await expect
      .poll(async () => (await json(`${wifi}/status`))['state'], { timeout: 10_000 })
      .toBe(1);
    expect(await json(`${wifi}/config`)).toMatchObject({ firmware: '8.2.3', version: 'v5.1.5' });
    await expect
      .poll(() => sub.lines.some((l) => l.topic.startsWith('openevse/announce/')), {
        timeout: 10_000,
      })
      .toBe(true);

    const plugged = Date.now();
    await evAction(control, 'connect');
    await expect
      .poll(() => sub.lines.find((l) => l.topic === 'emu/vehicle' && l.payload === '1'), {
        timeout: 5000,
      })
      .toBeDefined();
    const seen = sub.lines.find((l) => l.topic === 'emu/vehicle' && l.payload === '1');
    expect((seen?.at ?? Infinity) - plugged).toBeLessThan(1000);

    const sent = Date.now();
    publish(broker.port, 'emu/override/set', '{"state":"disabled"}');
    await expect
      .poll(async () => (await json(`${control}/api/status`))['state'], { timeout: 5000 })
      .toBe('sleeping');
    expect(Date.now() - sent).toBeLessThan(1500);
    expect(await json(`${wifi}/status`)).toMatchObject({ state: 254, status: 'disabled' });
    publish(broker.port, 'emu/rapi/in/$GS', '');
    await expect
      .poll(() => sub.lines.find((l) => l.topic === 'emu/rapi/out')?.payload, { timeout: 5000 })
      .toMatch(/^\$OK fe /);
    expect(await emu.stop('SIGINT')).toBe(0);
    // A clean stop announces the disconnection (retained).
    await expect
      .poll(() => sub.lines.filter((l) => l.topic.startsWith('openevse/announce/')).at(-1)?.payload)
      .toMatch(/"state":"disconnected"/);
  }, 90_000);

  it('--mqtt without --wifi, and a bad --mqtt URL, are usage errors naming the option', async () => {
    const bad = await runCli(['emulate', '--no-tcp', '--no-http', '--mqtt', 'http://x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--mqtt/);
    const alone = await runCli([
      'emulate',
      '--no-tcp',
      '--no-http',
      '--mqtt',
      'mqtt://127.0.0.1:1',
    ]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--mqtt: needs --wifi/);
  }, 60_000);
});

describe.skipIf(!existsSync('/usr/bin/socat'))('evse bridge --wifi over a PTY', () => {
  it('shows the OCPP claim, and a manual override does not beat it', async () => {
    const { bridge, wifi, control } = await startWifiBridge();
    await expect
      .poll(async () => (await json(`${wifi}/status`))['state'], { timeout: 10_000 })
      .toBe(254);
    await expect.poll(async () => (await json(`${wifi}/status`))['ocpp_connected']).toBe(1);
    const claims = (await (await fetch(`${wifi}/claims`)).json()) as unknown[];
    expect(claims).toContainEqual(
      expect.objectContaining({ client: 65545, priority: 1050, state: 'disabled' }),
    );
    // Manual (1000) asks to charge; OCPP (1050) still says no: the EVSE stays asleep.
    expect(await json(`${wifi}/override`, post({ state: 'active' }))).toEqual({ msg: 'Created' });
    expect(await json(`${wifi}/claims/target`)).toMatchObject({
      properties: { state: 'disabled' },
      claims: { state: 65545 },
    });
    expect(await json(`${wifi}/status`)).toMatchObject({ status: 'disabled', manual_override: 1 });
    // Plugging in authorizes TAG-1: OCPP turns active and the EV charges.
    await evAction(control, 'connect');
    await bridge.waitFor(/^StartTransaction accepted/m);
    await expect
      .poll(async () => (await json(`${wifi}/status`))['status'], { timeout: 10_000 })
      .toBe('active');
    // Now a manual "disabled" cannot stop the authorized session either.
    await fetch(`${wifi}/override`, post({ state: 'disabled' }));
    expect(await json(`${wifi}/claims/target`)).toMatchObject({ claims: { state: 65545 } });
    expect((await json(`${wifi}/status`))['status']).toBe('active');
    // The RAPI relay goes over the bridge's serial port.
    const r = await json(`${wifi}/r?json=1&rapi=%24GV`);
    expect(r['ret']).toMatch(/^\$OK 8\.2\.3 5\.2\.1\^[0-9A-F]{2}$/);
    expect(await bridge.stop('SIGINT')).toBe(0);
  }, 120_000);
});
