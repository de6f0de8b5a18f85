// Public API of @evse/fleet: named exports only (STYLE.md §2.14), kept sorted by path.
export { connectCause, fleetProblems } from './causes.js';
export type { FleetClock } from './clock.js';
export { startFleetClock } from './clock.js';
export { FD_RESERVE, fdProblem, openFileLimit } from './fd-limit.js';
export type { Fleet, FleetOptions } from './fleet.js';
export { runFleet } from './fleet.js';
export type { Rng } from './rng.js';
export { createRng, stationRng } from './rng.js';
export type { FleetStationRow } from './rows.js';
export { createRowReader } from './rows.js';
export type { Range, Scenario } from './scenario.js';
export { DEFAULT_SCENARIO, parseScenario, ScenarioError, validateScenario } from './scenario.js';
export type { Shard } from './shard.js';
export { parseShard, shardIndices, stationId, WHOLE_FLEET } from './shard.js';
export type { FleetStation, StationContext } from './station.js';
export { createFleetEmulator, startStation, untilPostDone } from './station.js';
export type { FleetStats, MessageCounts } from './stats.js';
export { countMessage, createStats, messageKind } from './stats.js';
