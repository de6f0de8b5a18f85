// `evse bridge --ocpp-version 1.6 --http` against the strict 1.6 central system (ocpp-rpc's
// RPCServer in strictMode), its dashboard in real headless Chromium (issue 15: "the
// dashboard's OCPP log decodes 1.6 frames and shows the active charging limit"): the log's
// heading names ocpp1.6, a SetChargingProfile of 10 A shows as a decoded line and as the limit
// (profile, stack level, until when) on the page and in GET /dashboard/status, and clearing it
// shows "no limit".
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifact,
  CHROMIUM,
  hasChromium,
  launchBrowser,
} from '../../../packages/dashboard/test/browser.js';
import {
  type StrictCs16,
  startStrictCs16,
} from '../../../packages/ocpp16/test/support/strict-cs16.js';
import {
  type CliProcess,
  emulatedBridge,
  killAll,
  startCli,
} from '../../../test/support/evse-cli.js';
import { evAction } from './support/ev-action.js';

let cs: StrictCs16;
let bridge: CliProcess;
let base: string;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let page: Page;

beforeAll(async () => {
  expect(hasChromium, `${CHROMIUM} is missing: apt-get install chromium`).toBe(true);
  cs = await startStrictCs16({ tags: { TAG16: 'Accepted' } });
  bridge = startCli([
    ...emulatedBridge(cs.url, 'CP16'),
    '--ocpp-version',
    '1.6',
    '--id-tag',
    'TAG16',
    '--http',
    '127.0.0.1:0',
  ]);
  await bridge.waitFor(/BootNotification Accepted/, 30_000);
  base = (await bridge.waitFor(/^Dashboard at (\S+)\/$/m))[1] ?? '';
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.goto(`${base}/`);
  await page.waitForSelector('body[data-ready="yes"]');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await killAll();
  await cs?.close();
});

/** GET /dashboard/status: what the page shows now. */
async function snapshot(): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}/dashboard/status`);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('the dashboard of a 1.6 bridge in headless Chromium', () => {
  it('names the subprotocol, and says "no limit" before any profile', async () => {
    expect(await page.getByTestId('ocpp-protocol').textContent()).toBe('ocpp1.6');
    expect(await page.getByTestId('limit-summary').textContent()).toBe('no limit');
    expect(await snapshot()).toMatchObject({ ocppProtocol: 'ocpp1.6', limit: null });
  });

  it('shows a 10 A profile as the active limit and as a decoded SetChargingProfile line', async () => {
    await evAction(base, 'connect');
    await evAction(base, 'charge');
    await expect.poll(() => cs.of('StartTransaction').length, { timeout: 20_000 }).toBe(1);
    const transactionId = 100; // the strict central system's first
    expect(
      await cs.call('SetChargingProfile', {
        connectorId: 1,
        csChargingProfiles: {
          chargingProfileId: 7,
          transactionId,
          stackLevel: 1,
          chargingProfilePurpose: 'TxProfile',
          chargingProfileKind: 'Relative',
          chargingSchedule: {
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [
              { startPeriod: 0, limit: 10 },
              { startPeriod: 3600, limit: 16 },
            ],
          },
        },
      }),
    ).toEqual({ status: 'Accepted' });

    const summary = page.getByTestId('limit-summary');
    await summary.filter({ hasText: '10 A' }).waitFor({ timeout: 5000 });
    expect(await summary.textContent()).toBe('10 A');
    // Relative to the transaction's start: 10 A holds until an hour after it.
    expect(await page.getByTestId('limit-detail').textContent()).toMatch(
      /^from TxProfile #7, stack level 1 on connector 1; until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/,
    );
    const line = page.locator('#ocpp-log .row', { hasText: 'SetChargingProfile call' });
    expect(await line.locator('.note').textContent()).toBe(
      'connector 1: TxProfile #7 stack 1 (Relative, tx 100): 10 A from 0 s, 16 A from 3600 s',
    );
    expect(
      await page
        .locator('#ocpp-log .row', { hasText: 'SetChargingProfile result' })
        .locator('.note')
        .textContent(),
    ).toBe('status Accepted');
    const status = await snapshot();
    expect(status['limit']).toMatchObject({
      amps: 10,
      paused: false,
      pilotAmps: 10,
      profile: { id: 7, purpose: 'TxProfile', stackLevel: 1, connectorId: 1 },
    });
    const until = Date.parse(String((status['limit'] as { until: string }).until));
    expect(until - Date.now()).toBeGreaterThan(3500_000);
    expect(until - Date.now()).toBeLessThanOrEqual(3600_000);
    await page.screenshot({ path: artifact('ocpp16-limit.png'), fullPage: true });
  }, 60_000);

  it('shows "no limit" again once the profile is cleared, live', async () => {
    expect(await cs.call('ClearChargingProfile', { id: 7 })).toEqual({ status: 'Accepted' });
    const summary = page.getByTestId('limit-summary');
    await summary.filter({ hasText: 'no limit' }).waitFor({ timeout: 5000 });
    expect(
      await page
        .locator('#ocpp-log .row', { hasText: 'ClearChargingProfile call' })
        .locator('.note')
        .textContent(),
    ).toBe('#7');
    expect(await snapshot()).toMatchObject({ limit: null });
    expect(await bridge.stop('SIGINT')).toBe(0);
    expect(cs.problems).toEqual([]);
  }, 30_000);
});
