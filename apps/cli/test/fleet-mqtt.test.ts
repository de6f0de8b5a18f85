// `evse fleet --mqtt` as a child process: two stations against `evse central`, each with the
// WiFi module's MQTT client on its own base topic of a real mosquitto (WIFI-API.md §13), and
// the OCPP claim above the module's override (WIFI-API.md §7.1).
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Broker,
  publish,
  startBroker,
  subscribe,
} from '../../../packages/wifi/test/support/broker.js';
import { killAll, runCli, startCli } from '../../../test/support/evse-cli.js';

let broker: Broker | null = null;
const subs: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await killAll();
  for (const s of subs.splice(0)) await s.close();
  await broker?.close();
  broker = null;
});

describe('evse fleet --mqtt', () => {
  it('publishes each station on PREFIX/<id>; an override or a limit reaches only its station', async () => {
    broker = await startBroker();
    const b = broker;
    const sub = subscribe(b.port, ['fl/#', 'openevse/announce/#']);
    subs.push(sub);
    const last = (topic: string) => sub.lines.filter((l) => l.topic === topic).at(-1)?.payload;
    const cs = startCli([
      'central',
      '--listen',
      '127.0.0.1:0',
      '--allow-any',
      '--tags',
      'FM-TAG',
      '--tag-sessions',
      '10',
    ]);
    const ocpp = (await cs.waitFor(/^OCPP endpoint (ws:\/\/127\.0\.0\.1:\d+\/\S+)$/m))[1] ?? '';
    // Both EVs arrive at once and charge for an hour: both are charging while we look.
    const scenario = join(tmpdir(), `evse-fleet-mqtt-${process.pid}.json`);
    await writeFile(
      scenario,
      JSON.stringify({ firstArrivalS: 0, sessionS: 3600, tags: ['FM-TAG'], unplugProbability: 0 }),
    );
    const fleet = startCli([
      'fleet',
      '--count',
      '2',
      '--id-prefix',
      'FM-',
      '--ocpp',
      ocpp,
      '--scenario',
      scenario,
      '--mqtt',
      b.url,
      '--mqtt-base',
      'fl',
    ]);
    await fleet.waitFor(
      /^MQTT: all 2 stations connected to mqtt:\/\/127\.0\.0\.1:\d+, base topics fl\/<id>$/m,
    );
    for (const id of ['FM-0', 'FM-1']) {
      await expect
        .poll(() => last(`openevse/announce/${id}`), { timeout: 10_000 })
        .toMatch(new RegExp(`"state":"connected".*"name":"${id}","mqtt":"fl/${id}"`));
      // Authorized by the central system, each EV charges: state 3 on its own base topic.
      await expect.poll(() => last(`fl/${id}/state`), { timeout: 30_000 }).toBe('3');
      await expect.poll(() => last(`fl/${id}/ocpp_connected`), { timeout: 10_000 }).toBe('1');
    }

    publish(b.port, 'fl/FM-0/override/set', '{"state":"disabled"}');
    await expect
      .poll(() => last('fl/FM-0/override'), { timeout: 10_000 })
      .toBe('{"state":"disabled","auto_release":true}');
    await expect.poll(() => last('fl/FM-0/manual_override'), { timeout: 10_000 }).toBe('1');
    // Only FM-0 got it.
    expect(last('fl/FM-1/override')).toBe('{"state":"null"}');
    expect(last('fl/FM-1/manual_override')).toBe('0');
    // The authorized transaction's OCPP claim (1050) outranks the override (1000): FM-0's
    // controller still answers $GS with state 03, charging.
    publish(b.port, 'fl/FM-0/rapi/in/$GS', '');
    await expect.poll(() => last('fl/FM-0/rapi/out'), { timeout: 10_000 }).toMatch(/^\$OK 03 /);
    expect(last('fl/FM-0/status')).toBe('active');

    // A charge limit claims at 1100, above OCPP (WIFI-API.md §10): reached on FM-1, only FM-1
    // goes to sleep (254); FM-0 charges on.
    publish(b.port, 'fl/FM-1/limit/set', '{"type":"energy","value":1}');
    await expect.poll(() => last('fl/FM-1/state'), { timeout: 20_000 }).toBe('254');
    expect(last('fl/FM-1/status')).toBe('disabled');
    publish(b.port, 'fl/FM-0/rapi/in/$GS', '');
    await expect
      .poll(() => sub.lines.filter((l) => l.topic === 'fl/FM-0/rapi/out').length, {
        timeout: 10_000,
      })
      .toBe(2);
    expect(last('fl/FM-0/rapi/out')).toMatch(/^\$OK 03 /);
    expect(last('fl/FM-0/state')).toBe('3');

    expect(await fleet.stop('SIGINT')).toBe(0);
    // A clean stop announces each station's disconnection (retained).
    for (const id of ['FM-0', 'FM-1']) {
      await expect
        .poll(() => last(`openevse/announce/${id}`), { timeout: 10_000 })
        .toMatch(/"state":"disconnected"/);
    }
  }, 120_000);

  it('--mqtt-base without --mqtt, and a URL that is not mqtt://, are usage errors', async () => {
    const ocpp = 'ws://127.0.0.1:1/steve/websocket/CentralSystemService';
    const alone = await runCli(['fleet', '--count', '1', '--ocpp', ocpp, '--mqtt-base', 'fl']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--mqtt-base: needs --mqtt/);
    const bad = await runCli(['fleet', '--count', '1', '--ocpp', ocpp, '--mqtt', 'http://x:1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--mqtt <url>.*mqtt:\/\/ or mqtts:\/\//);
  }, 60_000);
});
