import { fleetProblems, parseShard, runFleet, shardIndices, validateScenario } from '@evse/fleet';
import { createCentralSystem } from '@evse/ocpp15';

// A central system that accepts the fleet's tag for many open transactions at once.
const cs = await createCentralSystem({
  tags: { 'FLEET-TAG': { status: 'Accepted', maxActiveTransactions: 100 } },
});

// Four stations, one short session each; station time runs 50 times faster than real time.
const fleet = runFleet({
  url: cs.url,
  count: 4,
  idPrefix: 'CP-',
  seed: 7,
  speed: 50,
  scenario: validateScenario({ firstArrivalS: [0, 5], sessionS: 60, unplugProbability: 0 }),
});
await fleet.allBooted;
console.log(`booted: ${fleet.ids.join(', ')}`);
await fleet.finished;
await fleet.drained();
const s = fleet.stats;
console.log(
  `${s.transactionsStarted} started, ${s.transactionsStopped} stopped, ${s.errors} errors`,
);
console.log(`energy agrees: ${cs.totals().energyWh === s.energyWh}`);
console.log(`problems: ${fleetProblems(s).length}`);
await fleet.close();
await cs.close();

// Shard 1 of 3 of a fleet of 10 runs these station indices (round robin).
console.log(shardIndices(10, parseShard('1/3')).join(' '));
