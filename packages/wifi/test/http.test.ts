import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { STATUS_KEYS } from '../src/index.js';
import { call, postJson, type Rig, startRig } from './support/rig.js';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe('GET /status', () => {
  it('has every key of the table, with the module units, and follows the EV', async () => {
    rig = await startRig();
    const { url, emulator } = rig;
    const first = await call(`${url}/status`);
    expect(first.status).toBe(200);
    expect(first.type).toBe('application/json');
    const s = first.json as Record<string, unknown>;
    expect(Object.keys(s)).toEqual(STATUS_KEYS.map((k) => k.key));
    expect(s).toMatchObject({ state: 1, vehicle: 0, status: 'active', amp: 0, pilot: 24 });
    emulator.control.plugIn();
    emulator.control.startCharging();
    await expect
      .poll(async () => (await call(`${url}/status`)).json, { timeout: 10_000 })
      .toMatchObject({ state: 3, vehicle: 1 });
    await expect
      .poll(async () => ((await call(`${url}/status`)).json as { amp: number }).amp, {
        timeout: 10_000,
      })
      .toBeGreaterThan(1000); // mA
    const charging = (await call(`${url}/status`)).json as {
      amp: number;
      temp: unknown;
      power: number;
      voltage: number;
    };
    expect(charging.amp % 1000).toBe(0);
    expect(typeof charging.temp).toBe('number'); // tenths of °C
    expect(charging.power).toBeCloseTo((charging.amp / 1000) * charging.voltage);
  });
});

describe('/override and /claims', () => {
  it('a manual override puts the EVSE to sleep ($FS) and its release wakes it', async () => {
    rig = await startRig();
    const { url, emulator } = rig;
    expect((await call(`${url}/override`)).json).toEqual({});
    const made = await call(`${url}/override`, postJson({ state: 'disabled' }));
    expect(made).toMatchObject({ status: 201, json: { msg: 'Created' } });
    await expect.poll(() => emulator.control.status().state, { timeout: 5000 }).toBe('sleeping');
    expect((await call(`${url}/override`)).json).toEqual({ state: 'disabled', auto_release: true });
    const status = (await call(`${url}/status`)).json as Record<string, unknown>;
    expect(status).toMatchObject({ state: 254, status: 'disabled', manual_override: 1 });
    expect((await call(`${url}/claims`)).json).toEqual([
      { client: 65537, priority: 1000, state: 'disabled', auto_release: true },
    ]);
    expect((await call(`${url}/claims/target`)).json).toEqual({
      properties: { state: 'disabled', auto_release: false },
      claims: { state: 65537 },
    });
    expect((await call(`${url}/override`, { method: 'DELETE' })).json).toEqual({ msg: 'Deleted' });
    expect((await call(`${url}/override`, { method: 'DELETE' })).status).toBe(500);
    // Nobody claims: the arbiter leaves the controller as it is; a toggle wakes it again.
    expect((await call(`${url}/override`, { method: 'PATCH' })).json).toEqual({ msg: 'Updated' });
    expect((await call(`${url}/override`)).json).toEqual({ state: 'disabled', auto_release: true });
    expect((await call(`${url}/override`, { method: 'PATCH' })).json).toEqual({ msg: 'Updated' });
    expect((await call(`${url}/override`)).json).toEqual({});
  });

  it('charge_current alone sets the pilot with $SC n V; an API claim is listed by its id', async () => {
    rig = await startRig();
    const { url, emulator } = rig;
    await call(`${url}/override`, postJson({ charge_current: 10 }));
    await expect.poll(() => emulator.control.status().currentCapacity, { timeout: 5000 }).toBe(10);
    expect((await call(`${url}/claims/262145`, postJson({ max_current: 8 }))).json).toEqual({
      msg: 'done',
    });
    await expect.poll(() => emulator.control.status().currentCapacity, { timeout: 5000 }).toBe(8);
    expect((await call(`${url}/claims/262145`)).json).toEqual({
      priority: 500,
      max_current: 8,
      auto_release: false,
    });
    expect((await call(`${url}/claims/target`)).json).toMatchObject({
      claims: { charge_current: 65537, max_current: 262145 },
    });
    expect((await call(`${url}/claims/1`)).status).toBe(404);
    expect((await call(`${url}/claims/262145`, { method: 'DELETE' })).json).toEqual({
      msg: 'done',
    });
    await expect
      .poll(async () => ((await call(`${url}/status`)).json as { pilot: number }).pilot, {
        timeout: 5000,
      })
      .toBe(10);
    // No claim sets a current any more: back to the configured maximum (WIFI-API.md §7.3).
    await call(`${url}/override`, { method: 'DELETE' });
    await expect.poll(() => emulator.control.status().currentCapacity, { timeout: 5000 }).toBe(24);
  });
});

describe('/r relay', () => {
  it('answers JSON with the reply line and its checksum, HTML otherwise', async () => {
    rig = await startRig();
    const { url } = rig;
    const json = await call(`${url}/r?json=1&rapi=%24GS`);
    expect(json.status).toBe(200);
    const ret = (json.json as { cmd: string; ret: string }).ret;
    expect((json.json as { cmd: string }).cmd).toBe('$GS');
    expect(ret).toMatch(/^\$OK 01 \S+ 01 \S+\^[0-9A-F]{2}$/);
    const html = await call(`${url}/r?rapi=%24GV`);
    expect(html.type).toBe('text/html');
    expect(html.text).toMatch(/<p>&gt;\$OK 8\.2\.3 5\.2\.1\^[0-9A-F]{2}<script/);
    const nk = await call(`${url}/r?json=1&rapi=%24ZZ`);
    expect((nk.json as { ret: string }).ret).toMatch(/^\$NK\^[0-9A-F]{2}$/);
  });

  it('without a command serves the form page (HTML) and an empty JSON answer', async () => {
    rig = await startRig();
    const page = await call(`${rig.url}/r`);
    expect(page).toMatchObject({ status: 200, type: 'text/html' });
    expect(page.text).toContain("<form method='get' action='r'>");
    expect(page.text).not.toContain('&gt;'); // no command, no reply line
    expect(await call(`${rig.url}/r?json=1`)).toMatchObject({ status: 200, text: '' });
  });

  it('a release build blocks all but $G, $F0, $FB with 400', async () => {
    rig = await startRig({ fullRapi: false });
    const blocked = await call(`${rig.url}/r?json=1&rapi=%24SC+16`);
    expect(blocked).toMatchObject({
      status: 400,
      json: { cmd: '$SC 16', error: 'RAPI_RESPONSE_BLOCKED' },
    });
    expect((await call(`${rig.url}/r?json=1&rapi=%24GE`)).status).toBe(200);
  });
});

describe('/restart', () => {
  it('a gateway restart closes every /ws connection (1012) so the clients reconnect', async () => {
    rig = await startRig();
    const ws = new WebSocket(`${rig.url.replace('http', 'ws')}/ws`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    const events: string[] = [];
    const sub = rig.served.api.events$.subscribe((e) => events.push(e.type));
    const answer = await call(`${rig.url}/restart`, postJson({ device: 'gateway' }));
    expect(answer).toMatchObject({ status: 200, json: { msg: 'restart gateway' } });
    expect(await closed).toBe(1012);
    expect(events).toContain('restart'); // MQTT follows it: a new session and announce
    sub.unsubscribe();
  });
});

describe('who may call', () => {
  it('refuses a foreign Host or Origin, and wants Basic auth when a password is set', async () => {
    rig = await startRig({ auth: { username: 'admin', password: 'secret' } });
    const { url } = rig;
    expect((await call(`${url}/status`)).status).toBe(401);
    const basic = `Basic ${Buffer.from('admin:secret').toString('base64')}`;
    expect((await call(`${url}/status`, { headers: { authorization: basic } })).status).toBe(200);
    const wrong = `Basic ${Buffer.from('admin:nope').toString('base64')}`;
    expect((await call(`${url}/status`, { headers: { authorization: wrong } })).status).toBe(401);
    const page = { authorization: basic, origin: 'http://evil.example' };
    expect((await call(`${url}/override`, { headers: page, method: 'DELETE' })).status).toBe(403);
  });
});
