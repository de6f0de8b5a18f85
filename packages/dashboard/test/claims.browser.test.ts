import type { Page } from 'playwright-core';
import { Subject } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardClaims, type DashboardServer, serveDashboard } from '../src/index.js';
import { CHROMIUM, hasChromium, launchBrowser } from './browser.js';

describe('the claims panel in headless Chromium', () => {
  const claims$ = new Subject<DashboardClaims>();
  let server: DashboardServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;

  beforeAll(async () => {
    expect(hasChromium, `${CHROMIUM} is missing: apt-get install chromium`).toBe(true);
    server = await serveDashboard({ sources: { title: 'evse claims', claims$ }, batchMs: 20 });
    claims$.next({
      claims: [{ client: 'ocpp', priority: 1050, state: 'disabled' }],
      target: { state: 'disabled', client: 'ocpp' },
    });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="yes"]');
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('says who holds the EVSE and the current limit, and lists the claims by priority', async () => {
    const summary = page.getByTestId('claims-summary');
    expect(await summary.textContent()).toBe('disabled by ocpp; no current limit');
    claims$.next({
      claims: [
        { client: 'manual', priority: 1000, state: 'active', chargeCurrent: 10 },
        { client: 'ocpp', priority: 1050, state: 'disabled' },
      ],
      target: { state: 'disabled', client: 'ocpp', chargeCurrent: 10, currentClient: 'manual' },
    });
    await summary.filter({ hasText: 'current limit 10 A' }).waitFor();
    expect(await summary.textContent()).toBe('disabled by ocpp; current limit 10 A (manual)');
    const rows = await page.locator('#claims-rows tr').allTextContents();
    expect(rows).toEqual(['ocpp1050disabled——', 'manual1000active10 A—']);
    expect(await page.locator('#claims-rows tr.winner').textContent()).toContain('ocpp');
  });
});
