import { machineToJson } from '@evse/core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact, CHROMIUM, hasChromium, launchBrowser } from './browser.js';
import { type Rig, startRig } from './rig.js';

// CI installs Debian's chromium (.ci/apt-packages); without it these tests fail, loudly.
describe('the dashboard in headless Chromium: emulator + station + OCPP', () => {
  let rig: Rig;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    expect(hasChromium, `${CHROMIUM} is missing: apt-get install chromium`).toBe(true);
    rig = await startRig();
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      // The 400 of the bad-tag test is logged by the browser as a failed resource; it is expected.
      if (m.type() === 'error' && !m.text().includes('status of 400')) pageErrors.push(m.text());
    });
    await page.goto(rig.dashboard.url);
    await page.waitForSelector('body[data-ready="yes"]');
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await rig?.close();
  });

  const active = (id: string) => page.locator(`#chart .node.active[data-id="${id}"]`);
  const rapiRows = () => page.locator('#rapi-log .row').count();

  it('draws the statechart from the machine with the current state active', async () => {
    // Every state of machineToJson() is a node, plus "any state" for root transitions.
    const ids = await page
      .locator('#chart .node')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id')));
    expect(ids.sort()).toEqual(['*', ...machineToJson().states.map((s) => s.id)].sort());
    // Gated by the charge point: the EVSE idles asleep until a card is accepted.
    await active('sleeping').waitFor();
    expect(await page.locator('#chart .node.active').count()).toBe(1);
    expect(await page.getByTestId('state').textContent()).toBe('sleeping');
    expect(await page.getByTestId('connection').textContent()).toBe('live');
  });

  it("the swipe field starts with the sources' cardTag and takes at most 20 characters", async () => {
    // AUDIT-2026-12.md #25: the field offered a tag the central system did not accept.
    expect(await page.inputValue('#id-tag')).toBe('TAG1');
    expect(await page.getAttribute('#id-tag', 'maxlength')).toBe('20');
  });

  it('plug in, authorize, charge: the active state, the last transition and the RAPI log follow', async () => {
    const before = await rapiRows();
    await page.getByRole('button', { name: 'Plug in' }).click();
    await page.getByTestId('control-result').filter({ hasText: '/api/ev' }).waitFor();
    expect(await page.getByTestId('control-result').textContent()).toBe(
      '/api/ev {"action":"connect"}: OK',
    );
    await page.getByRole('button', { name: 'Charge' }).click();
    // No card yet: the EV asks for charge, the EVSE stays asleep.
    await page.getByTestId('control-result').filter({ hasText: 'charge' }).waitFor();
    expect(await page.getByTestId('state').textContent()).toBe('sleeping');

    await page.getByRole('button', { name: 'Authorize' }).click();
    await active('charging').waitFor({ timeout: 10_000 });
    await page.locator('.edge.last[data-to="charging"]').waitFor();
    // The controller's state report is in the log, and decodes on hover.
    const at = page.locator('#rapi-log .row', { hasText: '$AT 03 03' }).first();
    await at.waitFor();
    expect(await rapiRows()).toBeGreaterThan(before);
    await at.hover();
    expect(await page.locator('#rapi-detail').textContent()).toMatch(
      /^\$AT state change: charging, pilot C, \d+ A, vflags /,
    );
    // While the pointer rests on the log, new rows do not scroll the hovered row away.
    const scrolled = () => page.locator('#rapi-log').evaluate((log) => log.scrollTop);
    const [top, rows] = [await scrolled(), await rapiRows()];
    await expect.poll(rapiRows, { timeout: 10_000 }).toBeGreaterThan(rows);
    expect(await scrolled()).toBe(top);
    expect(await page.locator('#rapi-detail').textContent()).toMatch(/^\$AT state change/);
    // The meter plots fill with the charging current.
    // (A string: it runs in the page, and this file is typechecked without DOM types.)
    await page.waitForFunction(
      "Number(document.getElementById('plot-current').dataset.points) >= 3",
    );
    await page.locator('#ocpp-log .row', { hasText: 'StartTransaction' }).first().waitFor();
    await page.screenshot({ path: artifact('charging.png'), fullPage: true });
  });

  it('filters the RAPI log by text and direction, and the OCPP log by action', async () => {
    await page.fill('#rapi-filter', '$GG');
    const visible = await page.locator('#rapi-log .row:not([hidden]) .text').allTextContents();
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.every((t) => t.startsWith('$GG') || t.startsWith('$OK'))).toBe(true);
    await page.selectOption('#rapi-dir', 'tx');
    const tx = await page.locator('#rapi-log .row:not([hidden]) .text').allTextContents();
    expect(tx.length).toBeGreaterThan(0);
    expect(tx.every((t) => t.startsWith('$GG'))).toBe(true);
    await page.fill('#rapi-filter', '');
    await page.selectOption('#rapi-dir', '');

    await page.fill('#ocpp-filter', 'StartTransaction');
    const tags = await page.locator('#ocpp-log .row:not([hidden]) .tag').allTextContents();
    expect(tags).toEqual(['StartTransaction call', 'StartTransaction result']);
    // 1.5 frames are summarised too (summarise-ocpp.ts).
    const notes = await page.locator('#ocpp-log .row:not([hidden]) .note').allTextContents();
    expect(notes[0]).toMatch(/^connector 1, tag TAG1, meter \d+ Wh$/);
    await page.locator('#ocpp-log .row:not([hidden])').first().click();
    expect(await page.locator('#ocpp-detail').textContent()).toMatch(
      /^\[2,"[^"]+","StartTransaction",\{/,
    );
    await page.fill('#ocpp-filter', '');
  });

  it('shows a control API error in the page and changes nothing', async () => {
    // Past the field's maxlength, as a script could send it: the API still refuses it.
    await page.$eval('#id-tag', (field) => {
      (field as unknown as { value: string }).value = 'X'.repeat(25);
    });
    await page.getByRole('button', { name: 'Authorize' }).click();
    const result = page.getByTestId('control-result');
    await page.locator('#control-result.error').waitFor();
    expect(await result.textContent()).toBe(
      '/api/swipe failed: HTTP 400 INVALID_FIELD: idTag must be 1 to 20 characters (got 25)',
    );
    expect(await page.getByTestId('state').textContent()).toBe('charging');
    await page.fill('#id-tag', 'TAG1');
  });

  it('inject a fault: the error state is active and FAULT is the last transition; clear it', async () => {
    await page.getByRole('button', { name: 'gfci', exact: true }).click();
    await active('fault.gfci').waitFor();
    expect(await active('fault').count()).toBe(1); // the compound around it
    expect(await page.getByTestId('state').textContent()).toBe('fault: gfci');
    await page.locator('.edge.last[data-from="*"][data-to="fault"][data-event="FAULT"]').waitFor();
    await page.locator('#rapi-log .row', { hasText: '$AT 06' }).first().waitFor();
    await page.screenshot({ path: artifact('fault.png'), fullPage: true });

    await page.getByRole('button', { name: 'Clear fault' }).click();
    // GFCI clears after the firmware's retry delay; unplugging clears it at once (RAPI.md §4.12).
    // Unplugged, the transaction ends and the charge point puts the EVSE back to sleep ($FS).
    await page.getByRole('button', { name: 'Unplug' }).click();
    await active('sleeping').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('state').textContent()).toBe('sleeping');
    expect(pageErrors).toEqual([]);
  });
});
