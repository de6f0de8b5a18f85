// A whole fleet against a real central system on 127.0.0.1:0: every station boots, charges
// and stops, and the energy the stations report equals the energy the central system records.
import { type CentralSystem, createCentralSystem } from '@evse/ocpp15';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fleet, runFleet, validateScenario } from '../src/index.js';

const TAGS = ['FLEET-A', 'FLEET-B'];
let cs: CentralSystem;

beforeAll(async () => {
  cs = await createCentralSystem({
    // Two tags shared by every EV: many open transactions per tag (SteVe's max active count).
    tags: Object.fromEntries(
      TAGS.map((t) => [t, { status: 'Accepted' as const, maxActiveTransactions: 100_000 }]),
    ),
  });
});
afterAll(async () => {
  await cs.close();
});

describe('runFleet', () => {
  const COUNT = 200;
  let fleet: Fleet | undefined;
  afterAll(async () => {
    await fleet?.close();
  });

  it(`${COUNT} stations boot, charge and stop; station energy == central energy`, async () => {
    fleet = runFleet({
      url: cs.url,
      count: COUNT,
      idPrefix: 'CI-',
      seed: 11,
      speed: 20,
      stepTimeoutMs: 90_000,
      scenario: validateScenario({
        sessionsPerStation: 1,
        firstArrivalS: [0, 60],
        sessionS: [60, 180],
        tags: TAGS,
        unplugProbability: 0.3,
        // Some sessions see a fault while charging; the session still ends and reconciles.
        fault: { probability: 0.1, kinds: ['gfci', 'overTemperature'], durationS: [2, 10] },
      }),
    });
    await fleet.allBooted;
    expect(fleet.stats.booted).toBe(COUNT);
    await fleet.finished;
    await fleet.drained(60_000);

    const s = fleet.stats;
    expect(s.errors).toBe(0);
    expect(s.stationsFinished).toBe(COUNT);
    expect(s.transactionsStarted).toBe(COUNT);
    expect(s.transactionsStopped).toBe(COUNT);
    // Every station is known to the central system, booted, and has one stopped
    // transaction with energy delivered (it charged).
    const stations = cs.stations().filter((st) => st.chargeBoxId.startsWith('CI-'));
    expect(stations).toHaveLength(COUNT);
    expect(stations.every((st) => st.boot?.chargePointModel === 'evse-fleet')).toBe(true);
    for (const id of fleet.ids) {
      const txs = cs.transactions(id);
      expect(txs, id).toHaveLength(1);
      expect(txs[0]?.state, id).toBe('stopped');
      expect(txs[0]?.energyWh, id).toBeGreaterThan(0);
    }
    const totals = cs.totals();
    expect(totals.stoppedTransactions).toBe(COUNT);
    expect(totals.activeTransactions).toBe(0);
    expect(totals.energyWh).toBe(s.energyWh);
    expect(s.energyWh).toBeGreaterThan(COUNT * 10);
    expect(s.faultsInjected).toBeGreaterThan(0);
    // Frames by direction and action: each station sent one BootNotification, one Start
    // and one StopTransaction, and every frame counted is counted once.
    expect(s.messagesByAction.tx['BootNotification']).toBe(COUNT);
    expect(s.messagesByAction.tx['StartTransaction']).toBe(COUNT);
    expect(s.messagesByAction.tx['StopTransaction']).toBe(COUNT);
    const byAction = [s.messagesByAction.tx, s.messagesByAction.rx].flatMap(Object.values);
    expect(byAction.reduce((a, b) => a + b, 0)).toBe(s.messages);
    // Every station is somewhere in the statechart, none is charging any more.
    const states = fleet.stateCounts();
    expect(Object.values(states).reduce((a, b) => a + b, 0)).toBe(COUNT);
    expect(states['charging'] ?? 0).toBe(0);
  }, 180_000);
});
