/**
 * Real headless Chromium for the browser tests: Debian's `/usr/bin/chromium` (installed by
 * `.ci/run` from `.ci/apt-packages`) driven by playwright-core, which never downloads a
 * browser. Screenshots go to `test-artifacts/dashboard/` (gitignored) for people to look at.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Where Debian puts the browser; override with EVSE_CHROMIUM. */
export const CHROMIUM = process.env['EVSE_CHROMIUM'] ?? '/usr/bin/chromium';

/** Screenshot directory at the repository root. */
export const ARTIFACTS = new URL('../../../test-artifacts/dashboard/', import.meta.url);

/** True when the browser is installed (the tests say so and fail clearly otherwise). */
export const hasChromium = existsSync(CHROMIUM);

/** A fresh browser profile, closed and deleted by `close()`. */
export async function launchBrowser(): Promise<{
  context: BrowserContext;
  close(): Promise<void>;
}> {
  const profile = mkdtempSync(join(tmpdir(), 'evse-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Path of a screenshot file, creating the directory. */
export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return new URL(name, ARTIFACTS).pathname;
}
