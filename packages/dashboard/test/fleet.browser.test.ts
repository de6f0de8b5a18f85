import type { Page } from 'playwright-core';
import { Subject } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardServer, type FleetRow, serveDashboard } from '../src/index.js';
import { artifact, CHROMIUM, hasChromium, launchBrowser } from './browser.js';

const STATES = ['notConnected', 'connected', 'charging', 'charging', 'fault'] as const;
const COUNT = 10_000;

/** A deterministic fleet: station i has energy (i * 7919) % 10007 Wh (all distinct). */
function fleetRows(): FleetRow[] {
  return Array.from({ length: COUNT }, (_, i) => {
    const state = STATES[i % STATES.length] ?? 'charging';
    return {
      id: `EVSE-${String(i).padStart(5, '0')}`,
      state,
      transactionId: state === 'charging' ? 1000 + i : null,
      energyWh: (i * 7919) % 10007,
      fault: state === 'fault' ? 'gfci' : null,
    };
  });
}

describe('the fleet view in headless Chromium: 10,000 stations', () => {
  const fleet$ = new Subject<readonly FleetRow[]>();
  let server: DashboardServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;

  beforeAll(async () => {
    expect(hasChromium, `${CHROMIUM} is missing: apt-get install chromium`).toBe(true);
    server = await serveDashboard({ sources: { title: 'evse fleet', fleet$ }, batchMs: 100 });
    fleet$.next(fleetRows());
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="yes"]');
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const ids = () => page.locator('#fleet-rows .frow > span:first-child').allTextContents();
  const domRows = () => page.locator('#fleet-rows .frow').count();

  it('shows every station in the summary but keeps only the visible rows in the DOM', async () => {
    await page
      .getByTestId('fleet-summary')
      .filter({ hasText: `${COUNT} stations` })
      .waitFor();
    expect(await page.getByTestId('fleet-summary').textContent()).toBe(
      '10000 stations · 2000 notConnected · 2000 connected · 4000 charging · 2000 fault',
    );
    // 420 px of 26 px rows plus overscan: a few dozen rows, not 10,000.
    expect(await domRows()).toBeLessThan(60);
    expect((await ids()).slice(0, 2)).toEqual(['EVSE-00000', 'EVSE-00001']);
    // No panel for sources that are absent.
    expect(await page.locator('#rapi-panel').isHidden()).toBe(true);
    expect(await page.locator('#controls-panel').isHidden()).toBe(true);
  });

  it('sorts 10,000 rows by energy on a header click, both ways, and stays virtualised', async () => {
    const energy = page.locator('.fleet-head button[data-sort="energyWh"]');
    await energy.click();
    await page.waitForSelector('#fleet-viewport[data-sort="energyWh:asc"]');
    // Energies are 0..10006 minus the 10,007 - 10,000 values nobody has; i = 0 has 0 Wh.
    expect((await ids())[0]).toBe('EVSE-00000');
    await energy.click();
    await page.waitForSelector('#fleet-viewport[data-sort="energyWh:desc"]');
    const top = (await page.locator('#fleet-rows .frow').first().textContent()) ?? '';
    const expected = fleetRows().reduce((a, b) => (b.energyWh > a.energyWh ? b : a));
    expect(top).toContain(expected.id);
    expect(top).toContain(String(expected.energyWh));
    // The sort and re-render of the click, measured in the page: generous bound, it is ~10 ms.
    const ms = Number(await page.getAttribute('#fleet-viewport', 'data-last-sort-ms'));
    expect(ms).toBeGreaterThan(0);
    expect(ms).toBeLessThan(1000);
    expect(await domRows()).toBeLessThan(60);
  });

  it('scrolls to the last row with the DOM still small', async () => {
    await page.locator('#fleet-viewport').evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    const lowest = fleetRows().reduce((a, b) => (b.energyWh < a.energyWh ? b : a));
    await page.locator(`#fleet-rows .frow[data-id="${lowest.id}"]`).waitFor();
    expect(await domRows()).toBeLessThan(60);
    await page.screenshot({ path: artifact('fleet.png'), fullPage: true });
  });

  it('applies pushed updates and filters by state', async () => {
    const rows = fleetRows();
    // Every row re-sent, one changed: the page gets that one and re-sorts.
    rows[1] = {
      id: 'EVSE-00001',
      state: 'fault',
      transactionId: null,
      energyWh: 99_999,
      fault: 'noGround',
    };
    fleet$.next(rows);
    await page.locator('#fleet-viewport').evaluate((el) => {
      el.scrollTop = 0;
    });
    await page.locator('#fleet-rows .frow').first().filter({ hasText: 'EVSE-00001' }).waitFor();
    expect(await page.locator('#fleet-rows .frow').first().textContent()).toBe(
      'EVSE-00001fault (noGround)99999',
    );
    await page.fill('#fleet-filter', 'fault');
    await page.locator('#fleet-rows .frow .state', { hasNotText: 'fault' }).first().waitFor({
      state: 'detached',
    });
    const states = await page.locator('#fleet-rows .frow .state').allTextContents();
    expect(states.length).toBeGreaterThan(10);
    expect(states.every((s) => s.startsWith('fault'))).toBe(true);
    expect(await page.getByTestId('fleet-summary').textContent()).toContain('2001 fault');
  });
});
