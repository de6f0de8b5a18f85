import { describe, expect, it } from 'vitest';
import { createProfileStore, type InstalledProfile } from '../src/index.js';
import { profile } from './support/profiles.js';

const ids = (list: readonly InstalledProfile[]) => list.map((i) => i.profile.chargingProfileId);

describe('profile store: install (OCPP 1.6 §5.16)', () => {
  it('the same chargingProfileId replaces, wherever it was', () => {
    const store = createProfileStore();
    store.install(0, profile({ chargingProfileId: 3, stackLevel: 1 }));
    expect(store.install(1, profile({ chargingProfileId: 3, stackLevel: 2 }))).toEqual({
      status: 'Accepted',
      replaced: [3],
    });
    expect(store.list()).toEqual([
      { connectorId: 1, profile: profile({ chargingProfileId: 3, stackLevel: 2 }) },
    ]);
  });

  it('the same stackLevel and purpose on the same connector replaces; elsewhere it does not', () => {
    const store = createProfileStore();
    store.install(1, profile({ chargingProfileId: 1, stackLevel: 2 }));
    store.install(0, profile({ chargingProfileId: 2, stackLevel: 2 }));
    store.install(
      1,
      profile({ chargingProfileId: 3, stackLevel: 2, chargingProfilePurpose: 'TxProfile' }),
    );
    expect(store.install(1, profile({ chargingProfileId: 4, stackLevel: 2 }))).toEqual({
      status: 'Accepted',
      replaced: [1],
    });
    expect(ids(store.list())).toEqual([2, 3, 4]);
  });

  it('refuses more than MaxChargingProfilesInstalled, but a replacement still fits', () => {
    const store = createProfileStore({ limits: { maxInstalled: 2 } });
    store.install(1, profile({ chargingProfileId: 1, stackLevel: 0 }));
    store.install(1, profile({ chargingProfileId: 2, stackLevel: 1 }));
    const full = store.install(1, profile({ chargingProfileId: 3, stackLevel: 2 }));
    expect(full).toMatchObject({
      status: 'Rejected',
      reason: expect.stringContaining('MaxChargingProfilesInstalled'),
    });
    expect(store.install(1, profile({ chargingProfileId: 2, stackLevel: 1 }))).toMatchObject({
      status: 'Accepted',
    });
    expect(ids(store.list())).toEqual([1, 2]);
  });

  it('refuses a malformed profile', () => {
    const store = createProfileStore();
    const r = store.install(1, profile({ periods: [{ startPeriod: 5, limit: 10 }] }));
    expect(r).toMatchObject({
      status: 'Rejected',
      reason: 'chargingSchedulePeriod[0].startPeriod: not 0',
    });
    expect(store.list()).toEqual([]);
  });
});

describe('profile store: ClearChargingProfile (OCPP 1.6 §5.5)', () => {
  const filled = () => {
    const store = createProfileStore();
    store.install(
      0,
      profile({
        chargingProfileId: 1,
        stackLevel: 0,
        chargingProfilePurpose: 'ChargePointMaxProfile',
      }),
    );
    store.install(0, profile({ chargingProfileId: 2, stackLevel: 1 }));
    store.install(1, profile({ chargingProfileId: 3, stackLevel: 1 }));
    store.install(
      1,
      profile({ chargingProfileId: 4, stackLevel: 2, chargingProfilePurpose: 'TxProfile' }),
    );
    return store;
  };

  it.each([
    ['by id', { id: 3 }, [3]],
    ['by id, ignoring the other criteria', { id: 3, connectorId: 0, stackLevel: 7 }, [3]],
    ['by connector', { connectorId: 1 }, [3, 4]],
    ['by purpose', { chargingProfilePurpose: 'TxDefaultProfile' as const }, [2, 3]],
    ['by stack level', { stackLevel: 1 }, [2, 3]],
    ['by connector and stack level', { connectorId: 0, stackLevel: 1 }, [2]],
    ['everything', {}, [1, 2, 3, 4]],
  ])('%s', (_name, criteria, removed) => {
    const store = filled();
    expect(store.clear(criteria)).toEqual({ status: 'Accepted', removed });
    expect(ids(store.list())).toEqual([1, 2, 3, 4].filter((i) => !removed.includes(i)));
  });

  it.each([
    ['an unknown id', { id: 9 }],
    ['no match on all criteria', { connectorId: 0, chargingProfilePurpose: 'TxProfile' as const }],
  ])('Unknown for %s, and nothing removed', (_name, criteria) => {
    const store = filled();
    expect(store.clear(criteria)).toEqual({ status: 'Unknown', removed: [] });
    expect(ids(store.list())).toEqual([1, 2, 3, 4]);
  });

  it('Unknown when there is nothing at all', () => {
    expect(createProfileStore().clear()).toEqual({ status: 'Unknown', removed: [] });
  });
});

describe('profile store: persistence', () => {
  it('saves on every change and loads what was saved; drops entries that are not profiles', () => {
    let saved: readonly InstalledProfile[] = [];
    const saves: number[] = [];
    const persistence = {
      load: () => saved,
      save: (p: readonly InstalledProfile[]) => {
        saved = p;
        saves.push(p.length);
      },
    };
    const a = createProfileStore({ persistence });
    a.install(1, profile({ chargingProfileId: 1 }));
    a.install(0, profile({ chargingProfileId: 2, stackLevel: 1 }));
    a.clear({ id: 9 }); // nothing removed: nothing to save
    a.clear({ id: 1 });
    expect(saves).toEqual([1, 2, 1]);
    const bad = {
      connectorId: 1,
      profile: { chargingProfileId: 'x' },
    } as unknown as InstalledProfile;
    const none = { connectorId: 1 } as unknown as InstalledProfile;
    saved = [...saved, bad, none, null as unknown as InstalledProfile];
    const b = createProfileStore({ persistence });
    expect(ids(b.list())).toEqual([2]);
    expect(b.dropped).toEqual([bad, none, null]);
  });
});
