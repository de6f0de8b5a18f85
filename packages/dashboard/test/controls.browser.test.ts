import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardServer, serveDashboard } from '../src/index.js';
import { CHROMIUM, hasChromium, launchBrowser } from './browser.js';

const body = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    req.on('data', (c: Buffer) => {
      text += c.toString();
    });
    req.on('end', () => resolve(text));
  });

// A real station behind `evse bridge` has no emulator: the page offers a card swipe only, sent
// as POST /api/authorize to the bridge's API (here a small HTTP server standing in for it).
describe("controls: 'bridge' in headless Chromium", () => {
  const received: { path: string; body: string }[] = [];
  const api = createServer(async (req, res) => {
    const text = await body(req);
    received.push({ path: req.url ?? '', body: text });
    const idTag = (JSON.parse(text) as { idTag: string }).idTag;
    if (idTag === 'BLOCKED') {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'BAD_ID_TAG', message: 'no such tag' } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"Accepted"}');
  });
  let server: DashboardServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    expect(hasChromium, `${CHROMIUM} is missing: apt-get install chromium`).toBe(true);
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const port = (api.address() as AddressInfo).port;
    server = await serveDashboard({
      sources: { controls: 'bridge' },
      forwardTo: `http://127.0.0.1:${port}`,
    });
    browser = await launchBrowser();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => api.close(resolve));
  });

  it('shows only the swipe, posts it to /api/authorize and shows the answer', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="yes"]');
    expect(await page.getByRole('button', { name: 'Authorize' }).isVisible()).toBe(true);
    for (const name of ['Plug in', 'Charge', 'gfci', 'Clear fault']) {
      expect(await page.getByRole('button', { name, exact: true }).isVisible(), name).toBe(false);
    }
    await page.fill('#id-tag', 'TAG9');
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.locator('#control-result.ok').waitFor();
    expect(received).toEqual([{ path: '/api/authorize', body: '{"idTag":"TAG9"}' }]);

    await page.fill('#id-tag', 'BLOCKED');
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.locator('#control-result.error').waitFor();
    expect(await page.getByTestId('control-result').textContent()).toBe(
      '/api/authorize failed: HTTP 400 BAD_ID_TAG: no such tag',
    );
    await page.close();
  });
});
