/**
 * A page on another loopback port tries everything a web page can against every surface of
 * the `evse` commands (AUDIT-2026-12.md findings 4, 5, 14): `no-cors` fetches, CORS fetches,
 * `text/plain` form posts (a JSON body in disguise), a POST of RAPI to the raw TCP port, a
 * WebSocket posing as a charge point, an EventSource. Real headless Chromium, real processes.
 * Afterwards no station changed and the central system saw nothing; then the same dashboard,
 * opened as itself (with `?token=` for the token server), still drives its station.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHROMIUM, hasChromium, launchBrowser } from '../../../packages/dashboard/test/browser.js';
import { killAll } from '../../../test/support/evse-cli.js';
import { type Surfaces, startSurfaces } from './support/surfaces.js';

let s: Surfaces;
let attacker: Server;
let browser: { context: BrowserContext; close(): Promise<void> } | undefined;

/** The attack, run in the page; resolves with what each attempt saw. */
function attackScript(t: {
  https: string[];
  tokenHttp: string;
  tcp: string;
  central: string;
}): string {
  return `
(async () => {
  const results = [];
  const attempt = async (name, fn) => {
    try { results.push([name, 'resolved', String(await fn())]); }
    catch (e) { results.push([name, 'rejected', String(e)]); }
  };
  const posts = [
    ['/api/ev', '{"action":"connect"}'],
    ['/api/fault', '{"kind":"gfci"}'],
    ['/api/swipe', '{"idTag":"T1"}'],
    ['/api/authorize', '{"idTag":"T1"}'],
    ['/api/ambient', '{"celsius":90}'],
    ['/api/reboot', ''],
  ];
  for (const base of ${JSON.stringify([...t.https, t.tokenHttp])}) {
    for (const [path, body] of posts) {
      await attempt('no-cors ' + base + path, () =>
        fetch(base + path, { method: 'POST', mode: 'no-cors', body }).then((r) => r.type));
      await attempt('no-cors json ' + base + path, () =>
        fetch(base + path, { method: 'POST', mode: 'no-cors', credentials: 'include',
          headers: { 'content-type': 'application/json' }, body }).then((r) => r.type));
      await attempt('cors ' + base + path, () =>
        fetch(base + path, { method: 'POST', credentials: 'include',
          headers: { 'content-type': 'application/json' }, body }).then((r) => r.status));
      // A text/plain form whose name=value pair spells JSON: {"action":"connect","x":"="}
      await new Promise((resolve) => {
        const frame = document.createElement('iframe');
        frame.name = 'f' + Math.random().toString(36).slice(2);
        document.body.append(frame);
        const form = document.createElement('form');
        form.method = 'POST';
        form.action = base + path;
        form.enctype = 'text/plain';
        form.target = frame.name;
        const input = document.createElement('input');
        input.name = body.slice(0, -1) + ',"x":"';
        input.value = '"}';
        form.append(input);
        document.body.append(form);
        frame.onload = resolve;
        setTimeout(resolve, 2000);
        form.submit();
      });
    }
    await new Promise((resolve) => {
      const es = new EventSource(base + '/dashboard/events', { withCredentials: true });
      es.onmessage = () => { results.push(['events ' + base, 'message']); es.close(); resolve(); };
      es.addEventListener('init', () => { results.push(['events ' + base, 'message']); es.close(); resolve(); });
      es.onerror = () => { results.push(['events ' + base, 'error']); es.close(); resolve(); };
    });
  }
  await attempt('tcp', () =>
    fetch('http://${t.tcp}/', { method: 'POST', mode: 'no-cors', body: '\\r$S4 0\\r$SC 7\\r' })
      .then((r) => r.type));
  await new Promise((resolve) => {
    const ws = new WebSocket('${t.central}/CP-EVIL', 'ocpp1.5');
    ws.onopen = () => { results.push(['websocket', 'open']); ws.close(); resolve(); };
    ws.onerror = () => { results.push(['websocket', 'error']); resolve(); };
  });
  return results;
})()`;
}

beforeAll(async () => {
  expect(hasChromium, `${CHROMIUM} is missing: apt-get install chromium`).toBe(true);
  s = await startSurfaces();
  await s.bridge_.waitFor(/^BootNotification Accepted/m);
  attacker = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>a page</title>');
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  attacker?.close();
  await killAll();
});

const statusOf = async (base: string, token?: string) =>
  (await (
    await fetch(
      `${base}/api/status`,
      token ? { headers: { authorization: `Bearer ${token}` } } : {},
    )
  ).json()) as Record<string, unknown>;

describe('a page on another loopback port against every surface', () => {
  it('changes no station, starts no transaction and opens no charge point', async () => {
    const context = browser?.context as BrowserContext;
    const page = await context.newPage();
    // The user has used the token dashboard before: its cookie is in this browser, and
    // SameSite=Strict does not keep it from another port of 127.0.0.1 (same site).
    await page.goto(`${s.tokenControl}/?token=${s.token}`);
    expect(page.url()).toBe(`${s.tokenControl}/`);
    const before = await statusOf(s.control);
    const tokenBefore = await statusOf(s.tokenControl, s.token);
    await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
    const results = (await page.evaluate(
      attackScript({
        https: [s.control, s.bridge, s.fleet],
        tokenHttp: s.tokenControl,
        tcp: s.tcp,
        central: s.central,
      }),
    )) as [string, string, string?][];
    // Every CORS read failed, every event stream and the WebSocket were refused.
    expect(results.filter(([n, r]) => n.startsWith('cors ') && r !== 'rejected')).toEqual([]);
    expect(results.filter(([n, r]) => n.startsWith('events ') && r !== 'error')).toEqual([]);
    expect(results.find(([n]) => n === 'websocket')).toEqual(['websocket', 'error']);
    await new Promise((r) => setTimeout(r, 1500)); // debounce, control loop (RAPI.md §1.12)

    for (const [after, was] of [
      [await statusOf(s.control), before],
      [await statusOf(s.tokenControl, s.token), tokenBefore],
    ] as const) {
      expect(after).toMatchObject({
        state: was['state'],
        evConnected: false,
        fault: null,
        ambientC: was['ambientC'],
        authLocked: was['authLocked'],
        currentCapacity: was['currentCapacity'],
      });
      expect(after['uptimeMs']).toBeGreaterThan(was['uptimeMs'] as number); // no reboot
    }
    expect(s.central_.stdout()).not.toMatch(/Authorize|CP-EVIL connected|StartTransaction/);
    expect(s.bridge_.stdout()).not.toMatch(/Card T1 swiped|Authorize T1/);
    await page.close();
  }, 120_000);

  it('the dashboards themselves still work: the buttons drive their station', async () => {
    const context = browser?.context as BrowserContext;
    const page = await context.newPage();
    for (const [base, token] of [
      [s.control, undefined],
      [s.tokenControl, s.token],
    ] as const) {
      await page.goto(token ? `${base}/?token=${token}` : `${base}/`);
      await page.getByRole('button', { name: 'Plug in' }).click();
      await vi.waitUntil(async () => (await statusOf(base, token))['evConnected'] === true, {
        timeout: 10_000,
        interval: 100,
      });
      await page.getByRole('button', { name: 'Unplug' }).click();
      await vi.waitUntil(async () => (await statusOf(base, token))['evConnected'] === false, {
        timeout: 10_000,
        interval: 100,
      });
    }
    await page.close();
  }, 60_000);
});
