import type { IdTagInfo } from '@evse/ocppj';
import { createStateStore } from '@evse/ocppj';
import { describe, expect, it } from 'vitest';
import { authorizeTag } from '../src/charge-point/auth.js';
import { CONFIG_KEYS, createConfiguration } from '../src/charge-point/config.js';

const NOW = new Date('2026-06-01T12:00:00Z');

function deps(opts: {
  online: boolean;
  remote?: IdTagInfo;
  config?: Record<string, string>;
  freeVendTag?: string;
}) {
  const store = createStateStore();
  const config = createConfiguration(store, opts.config ?? {});
  const asked: string[] = [];
  return {
    store,
    config,
    asked,
    d: {
      config,
      store,
      online: () => opts.online,
      now: () => NOW,
      freeVendTag: opts.freeVendTag,
      authorizeRemote: async (idTag: string) => {
        asked.push(idTag);
        if (!opts.remote) throw new Error('timeout');
        return opts.remote;
      },
    },
  };
}

describe('authorization (free vend, local list, cache, Authorize, offline rules)', () => {
  it('accepts the free-vend tag without asking', async () => {
    const { d, asked } = deps({ online: true, freeVendTag: 'FREE' });
    expect(await authorizeTag(d, 'FREE')).toMatchObject({
      source: 'freeVend',
      info: { status: 'Accepted' },
    });
    expect(asked).toEqual([]);
  });

  it('asks the CS when online and caches the answer', async () => {
    const { d, asked, store } = deps({
      online: true,
      remote: { status: 'Accepted', expiryDate: '2026-06-01T13:00:00Z' },
    });
    expect(await authorizeTag(d, 'A')).toMatchObject({
      source: 'central',
      info: { status: 'Accepted' },
    });
    expect(asked).toEqual(['A']);
    expect(store.get().authCache['A']?.status).toBe('Accepted');
    // LocalPreAuthorize: the cached, unexpired answer is used without asking again.
    expect(await authorizeTag(d, 'A')).toMatchObject({ source: 'cache' });
    expect(asked).toEqual(['A']);
  });

  it('does not cache when AuthorizationCacheEnabled is false', async () => {
    const { d, store } = deps({
      online: true,
      remote: { status: 'Accepted' },
      config: { AuthorizationCacheEnabled: 'false' },
    });
    await authorizeTag(d, 'A');
    expect(store.get().authCache).toEqual({});
  });

  it('offline: local list first, expired entries become Expired, unknown tags Invalid', async () => {
    const { d, store } = deps({ online: false });
    store.update((s) => {
      s.localList = {
        version: 1,
        entries: {
          L: { status: 'Accepted' },
          OLD: { status: 'Accepted', expiryDate: '2026-05-01T00:00:00Z' },
          B: { status: 'Blocked' },
        },
      };
    });
    expect(await authorizeTag(d, 'L')).toMatchObject({
      source: 'localList',
      info: { status: 'Accepted' },
    });
    expect(await authorizeTag(d, 'OLD')).toMatchObject({ info: { status: 'Expired' } });
    expect(await authorizeTag(d, 'B')).toMatchObject({ info: { status: 'Blocked' } });
    expect(await authorizeTag(d, 'X')).toMatchObject({
      source: 'offline',
      info: { status: 'Invalid' },
    });
  });

  it('offline: AllowOfflineTxForUnknownId accepts unknown tags; a failed Authorize counts as offline', async () => {
    const { d, asked } = deps({ online: true, config: { AllowOfflineTxForUnknownId: 'true' } });
    expect(await authorizeTag(d, 'X')).toMatchObject({
      source: 'offline',
      info: { status: 'Accepted' },
    });
    expect(asked).toEqual(['X']); // it tried, the call failed
  });
});

describe('configuration keys', () => {
  it('validates values, persists changes and reports unknown keys', () => {
    const store = createStateStore();
    const c = createConfiguration(store, { MeterValueSampleInterval: '30' });
    expect(c.seconds('MeterValueSampleInterval')).toBe(30);
    expect(c.change('MeterValueSampleInterval', '15')).toBe('Accepted');
    expect(store.get().config['MeterValueSampleInterval']).toBe('15');
    expect(c.change('MeterValueSampleInterval', '-1')).toBe('Rejected');
    expect(c.change('LocalPreAuthorize', 'yes')).toBe('Rejected');
    expect(c.change('MeterValuesSampledData', 'Voltage,Current.Import')).toBe('Accepted');
    expect(c.measurands('MeterValuesSampledData')).toEqual(['Voltage', 'Current.Import']);
    expect(c.change('MeterValuesSampledData', 'Power.Reactive.Import')).toBe('Rejected');
    expect(c.change('NumberOfConnectors', '2')).toBe('Rejected');
    expect(c.change('LightIntensity', '5')).toBe('NotSupported');
    const all = c.list();
    expect(all.configurationKey.map((k) => k.key)).toEqual(Object.keys(CONFIG_KEYS));
    expect(all.unknownKey).toEqual([]);
    expect(c.list(['BlinkRepeat']).unknownKey).toEqual(['BlinkRepeat']);
  });
});
