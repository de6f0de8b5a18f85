import { describe, expect, it } from 'vitest';
import { createCentralSystem } from '../src/central/central-system.js';
import type { CentralSystemOptions } from '../src/central/options.js';
import type { CentralStore } from '../src/central/store.js';

describe('createCentralSystem option checks', () => {
  const bad: [CentralSystemOptions, RegExp][] = [
    [{ port: -1 }, /^options\.port: /],
    [{ port: 1.5 }, /^options\.port: /],
    [{ basePath: 'steve' }, /^options\.basePath: /],
    [{ basePath: '/steve/' }, /^options\.basePath: /],
    [{ allow: 'CP-1' as unknown as 'any' }, /^options\.allow: /],
    [{ heartbeatIntervalSec: -5 }, /^options\.heartbeatIntervalSec: /],
    [{ firstTransactionId: 0 }, /^options\.firstTransactionId: /],
    [{ expiryHours: -1 }, /^options\.expiryHours: /],
    [{ utcOffsetMinutes: 2000 }, /^options\.utcOffsetMinutes: /],
    [{ callTimeoutMs: 0 }, /^options\.callTimeoutMs: /],
    [{ pingIntervalMs: Number.NaN }, /^options\.pingIntervalMs: /],
    [{ tags: { ['x'.repeat(21)]: 'Accepted' } }, /^options\.tags: idTag x+ is longer than 20/],
    [{ tags: { T: { expiryDate: 'soon' } } }, /^options\.tags: expiryDate of T is not a date/],
    [{ store: {} as unknown as CentralStore }, /^options\.store: must be a CentralStore/],
  ];
  it.each(bad)('%j → TypeError', async (options, message) => {
    const error = await createCentralSystem(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(message);
  });

  it('a port in use rejects with the listen error', async () => {
    const first = await createCentralSystem();
    try {
      await expect(createCentralSystem({ port: first.port })).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
    } finally {
      await first.close();
    }
  });
});
