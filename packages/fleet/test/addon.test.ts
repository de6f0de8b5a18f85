// A fleet station's add-on (what `evse fleet --mqtt` hangs the WiFi module's MQTT client on),
// against a real central system on 127.0.0.1:0: the charge point gates through the add-on's
// arbiter, the add-on is closed with its station, and a failing add-on fails only its station.
import { type Claim, createArbiter } from '@evse/core';
import { type CentralSystem, createCentralSystem, OCPP_CLIENT } from '@evse/ocpp15';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFleet, type StationAddonFactory, validateScenario } from '../src/index.js';

let cs: CentralSystem;
beforeAll(async () => {
  cs = await createCentralSystem({
    tags: { 'ADD-TAG': { status: 'Accepted', maxActiveTransactions: 100 } },
  });
});
afterAll(async () => {
  await cs.close();
});

const scenario = validateScenario({
  sessionsPerStation: 1,
  firstArrivalS: 0,
  sessionS: 20,
  tags: ['ADD-TAG'],
  unplugProbability: 0,
});

describe('runFleet with an add-on', () => {
  it("gates each station through its add-on's arbiter and closes the add-on with it", async () => {
    const claims = new Map<string, Claim[]>();
    const attached: string[] = [];
    const closed: string[] = [];
    const addon: StationAddonFactory = async (id, station) => {
      const arbiter = createArbiter(station);
      const seen: Claim[] = [];
      claims.set(id, seen);
      await arbiter.start();
      return {
        arbiter: {
          claim: (c) => {
            seen.push(c);
            arbiter.claim(c);
          },
          release: (client) => arbiter.release(client),
        },
        attach: (cp) => attached.push(`${id}:${typeof cp.authorize}`),
        close: async () => {
          closed.push(id);
          arbiter.close();
        },
      };
    };
    const fleet = runFleet({ url: cs.url, count: 2, idPrefix: 'ADD-', speed: 10, scenario, addon });
    try {
      await fleet.allBooted;
      await fleet.finished;
      expect(fleet.stats.errors).toBe(0);
      expect(fleet.stats.transactionsStopped).toBe(2);
    } finally {
      await fleet.close();
    }
    expect([...claims.keys()].sort()).toEqual(['ADD-0', 'ADD-1']);
    for (const seen of claims.values()) {
      // Held asleep until authorized, active for the transaction, asleep again after it.
      const states = seen.filter((c) => c.client === OCPP_CLIENT).map((c) => c.state);
      expect(states[0]).toBe('disabled');
      expect(states).toContain('active');
      expect(states.at(-1)).toBe('disabled');
    }
    expect(attached.sort()).toEqual(['ADD-0:function', 'ADD-1:function']);
    expect(closed.sort()).toEqual(['ADD-0', 'ADD-1']);
  }, 120_000);

  it('a failing add-on fails its station only, naming it', async () => {
    const addon: StationAddonFactory = async (id) => {
      if (id === 'BAD-1') throw new Error('broker says no');
      return { close: async () => {} };
    };
    const fleet = runFleet({
      url: cs.url,
      count: 2,
      idPrefix: 'BAD-',
      scenario: validateScenario({ ...scenario, firstArrivalS: 3600 }),
      addon,
    });
    try {
      await expect(fleet.allBooted).rejects.toThrow(/1 of 2 stations did not boot/);
      expect(fleet.stats.booted).toBe(1);
      expect(fleet.stats.lastError).toBe('BAD-1: broker says no');
    } finally {
      await fleet.close();
    }
  }, 60_000);
});
