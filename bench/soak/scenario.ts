/**
 * The soak's day (docs/reliability.md § Soak): arrivals spread over the first hours, idle gaps
 * and sessions of 15 minutes to 3 hours, 3 sessions a station, one swipe in ten with a tag the
 * central system does not know (refused), and a GFCI or no-ground fault in one session in
 * ten, cleared after up to 2 minutes (both auto-retry, RAPI.md §4.12). The longest possible
 * station finishes within 22 h 30 min, so every session of the 24 h run ends on its own.
 */
import { type Scenario, validateScenario } from '@evse/fleet';

/** Tags the soak's central system accepts (each with unlimited open transactions). */
export const SOAK_TAGS = ['SOAK-01', 'SOAK-02', 'SOAK-03', 'SOAK-04', 'SOAK-05'];
/** Swiped but unknown to the central system: Authorize answers Invalid. */
export const SOAK_UNKNOWN_TAG = 'SOAK-UNKNOWN';

const H = 3600;

export const SOAK_SCENARIO: Scenario = validateScenario({
  sessionsPerStation: 3,
  firstArrivalS: [0, 6 * H],
  gapS: [H / 2, 3 * H],
  sessionS: [H / 4, 2.5 * H],
  ev: { batteryKwh: [40, 100], maxCurrentA: [16, 32], socPercent: [10, 60] },
  // 9 of 10 picks accepted, 1 refused.
  tags: [...SOAK_TAGS, ...SOAK_TAGS, SOAK_UNKNOWN_TAG],
  unplugProbability: 0.3,
  fault: { probability: 0.1, kinds: ['gfci', 'noGround'], durationS: [5, 120] },
});

/** Station time the soak runs, ms. */
export const SOAK_DAY_MS = 24 * H * 1000;
