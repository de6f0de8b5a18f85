/**
 * MQTT against a real mosquitto with MQTT.js inside the module and mosquitto_sub/mosquitto_pub
 * outside (the "done when": announce and state change within 1 s of a plug-in, an
 * override/set puts the station to sleep within 1 s, rapi/in answers on rapi/out).
 */
import { firstValueFrom, type Observable, filter as rxFilter, take, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { connectMqtt, type ModuleMqtt, type MqttEvent } from '../src/index.js';
import { type Broker, publish, startBroker, subscribe } from './support/broker.js';
import { type Rig, startRig } from './support/rig.js';

let rig: Rig | null = null;
let broker: Broker | null = null;
let module: ModuleMqtt | null = null;
const subs: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await module?.close();
  for (const s of subs.splice(0)) await s.close();
  await rig?.close();
  await broker?.close();
  module = null;
  rig = null;
  broker = null;
});

const BASE = 'evse-test';
const event = (events$: Observable<MqttEvent>, type: MqttEvent['type']) =>
  firstValueFrom(events$.pipe(rxFilter((e) => e.type === type)));

describe('MQTT with mosquitto', () => {
  it('announces (retained), publishes the state within 1 s of a plug-in, and obeys override/set', async () => {
    broker = await startBroker();
    rig = await startRig();
    const sub = subscribe(broker.port, [`${BASE}/#`, 'openevse/announce/#']);
    subs.push(sub);
    module = connectMqtt(rig.served.api, { url: broker.url, base: BASE, httpUrl: rig.url });
    await event(module.events$, 'connected');
    await expect
      .poll(() => sub.lines.find((l) => l.topic.startsWith('openevse/announce/')), {
        timeout: 10_000,
      })
      .toBeDefined();
    const announce = sub.lines.find((l) => l.topic.startsWith('openevse/announce/'));
    expect(JSON.parse(announce?.payload ?? '')).toMatchObject({ state: 'connected', mqtt: BASE });
    await expect.poll(() => sub.lines.some((l) => l.topic === `${BASE}/override`)).toBe(true);
    expect(sub.lines.find((l) => l.topic === `${BASE}/override`)?.payload).toBe('{"state":"null"}');

    const plugged = Date.now();
    rig.emulator.control.plugIn();
    await expect
      .poll(
        () =>
          sub.lines.find(
            (l) => l.topic === `${BASE}/vehicle` && l.payload === '1' && l.at >= plugged,
          ),
        {
          timeout: 5000,
        },
      )
      .toBeDefined();
    const seen = sub.lines.find(
      (l) => l.topic === `${BASE}/state` && l.payload === '2' && l.at >= plugged,
    );
    expect(seen).toBeDefined();
    // The emulator debounces the plug for 250 ms (its README); the module adds little.
    expect((seen?.at ?? Infinity) - plugged).toBeLessThan(1000);

    const sent = Date.now();
    publish(broker.port, `${BASE}/override/set`, '{"state":"disabled"}');
    await expect
      .poll(() => rig?.emulator.control.status().state, { timeout: 5000 })
      .toBe('sleeping');
    expect(Date.now() - sent).toBeLessThan(1000 + 500); // mosquitto_pub's own start-up included
    await expect
      .poll(() => sub.lines.find((l) => l.topic === `${BASE}/override` && l.at >= sent)?.payload)
      .toBe('{"state":"disabled","auto_release":true}');
    await expect
      .poll(() => sub.lines.some((l) => l.topic === `${BASE}/state` && l.payload === '254'))
      .toBe(true);

    // Merged with what was sent before; "clear" releases it (WIFI-API.md §13.4).
    publish(broker.port, `${BASE}/override/set`, '{"charge_current":10}');
    await expect
      .poll(() => rig?.book.get(65537)?.properties)
      .toEqual({
        state: 'disabled',
        charge_current: 10,
        auto_release: true,
      });
    publish(broker.port, `${BASE}/override/set`, 'clear');
    await expect.poll(() => rig?.book.get(65537)).toBeUndefined();
  }, 60_000);

  it('answers rapi/in/$GS on rapi/out, and takes claim/set and limit/set', async () => {
    broker = await startBroker();
    rig = await startRig();
    const sub = subscribe(broker.port, [`${BASE}/#`]);
    subs.push(sub);
    module = connectMqtt(rig.served.api, { url: broker.url, base: BASE });
    await event(module.events$, 'connected');
    await expect.poll(() => sub.lines.some((l) => l.topic === `${BASE}/claim`)).toBe(true);
    publish(broker.port, `${BASE}/rapi/in/$GS`, '');
    await expect
      .poll(() => sub.lines.find((l) => l.topic === `${BASE}/rapi/out`)?.payload, { timeout: 5000 })
      .toMatch(/^\$OK 01 \S+ \S+ \S+\^[0-9A-F]{2}$/);
    publish(broker.port, `${BASE}/rapi/in/$SC`, '12 V');
    await expect.poll(() => rig?.emulator.control.status().currentCapacity).toBe(12);

    publish(broker.port, `${BASE}/claim/set`, '{"max_current":9}');
    await expect
      .poll(() => rig?.emulator.control.status().currentCapacity, { timeout: 5000 })
      .toBe(9);
    await expect
      .poll(() => sub.lines.filter((l) => l.topic === `${BASE}/claim`).at(-1)?.payload)
      .toBe('{"priority":500,"max_current":9,"auto_release":false}');
    publish(broker.port, `${BASE}/limit/set`, '{"type":"energy","value":2000}');
    await expect
      .poll(() => sub.lines.filter((l) => l.topic === `${BASE}/limit`).at(-1)?.payload)
      .toBe('{"type":"energy","value":2000,"auto_release":true}');
  }, 60_000);

  it('re-announces after the broker restarts, with backoff', async () => {
    broker = await startBroker();
    rig = await startRig();
    module = connectMqtt(rig.served.api, { url: broker.url, base: BASE, backoffMs: 200 });
    const connects = firstValueFrom(
      module.events$.pipe(
        rxFilter((e) => e.type === 'connected'),
        take(2),
        toArray(),
      ),
    );
    await event(module.events$, 'connected');
    await broker.stop();
    await event(module.events$, 'disconnected');
    expect((await fetch(`${rig.url}/status`).then((r) => r.json())) as object).toMatchObject({
      mqtt_connected: 0,
    });
    await broker.restart();
    const sub = subscribe(broker.port, ['openevse/announce/#']);
    subs.push(sub);
    expect(await connects).toHaveLength(2);
    await expect
      .poll(() => sub.lines.at(-1)?.payload, { timeout: 10_000 })
      .toMatch(/"state":"connected"/);
  }, 60_000);

  it('a broker refusing the credentials is one event, not a crash, and retries go on', async () => {
    broker = await startBroker({ evse: 'right' });
    rig = await startRig();
    module = connectMqtt(rig.served.api, {
      url: broker.url,
      base: BASE,
      username: 'evse',
      password: 'wrong',
      backoffMs: 100,
      maxBackoffMs: 200,
    });
    const refused = await event(module.events$, 'refused');
    expect(refused).toMatchObject({ type: 'refused', reason: 'auth' });
    const later: MqttEvent[] = [];
    const s = module.events$.subscribe((e) => later.push(e));
    await expect
      .poll(() => later.filter((e) => e.type === 'disconnected').length, { timeout: 10_000 })
      .toBeGreaterThan(2);
    s.unsubscribe();
    expect(later.filter((e) => e.type === 'refused' || e.type === 'error')).toEqual([]);
    const status = (await fetch(`${rig.url}/status`).then((r) => r.json())) as Record<
      string,
      unknown
    >;
    expect(status).toMatchObject({ mqtt_connected: 0, mqtt_status: 'disconnected' });
  }, 60_000);
});
