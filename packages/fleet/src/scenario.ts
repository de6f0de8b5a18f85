/**
 * Fleet scenarios: what the emulated EVs and drivers do. A scenario is a JSON object; every
 * key is optional and falls back to DEFAULT_SCENARIO. Durations are in seconds of station
 * time (the shared fleet clock, which `--speed` accelerates). A range is `[min, max]` (drawn
 * uniformly per use) or a single number. Documented in apps/cli/README.md § Fleet.
 */
import { FAULT_KINDS, type FaultKind, idTagProblem } from '@evse/core';

/** `[min, max]`, drawn uniformly. */
export type Range = readonly [number, number];

/** A validated scenario. */
export interface Scenario {
  /** Sessions each station runs, then it stays idle (0 = until the fleet is stopped). */
  readonly sessionsPerStation: number;
  /** Delay from boot to the first plug-in (spreads arrivals). */
  readonly firstArrivalS: Range;
  /** Idle time between the unplug of one session and the next plug-in. */
  readonly gapS: Range;
  /** Time from the start of charging to the end of the session. */
  readonly sessionS: Range;
  /** The EV model per session. */
  readonly ev: {
    readonly batteryKwh: Range;
    readonly maxCurrentA: Range;
    readonly socPercent: Range;
  };
  /** RFID tags drivers swipe (one picked per session); the central system must accept them. */
  readonly tags: readonly string[];
  /** Probability that a session ends with the EV unplugged instead of a second swipe. */
  readonly unplugProbability: number;
  /** A fault injected during a session with `probability`, cleared after `durationS`. */
  readonly fault: {
    readonly probability: number;
    readonly kinds: readonly FaultKind[];
    readonly durationS: Range;
  };
}

/** The scenario used without `--scenario`, and the value of every key a file leaves out. */
export const DEFAULT_SCENARIO: Scenario = {
  sessionsPerStation: 1,
  firstArrivalS: [0, 60],
  gapS: [60, 600],
  sessionS: [300, 1800],
  ev: { batteryKwh: [40, 100], maxCurrentA: [16, 32], socPercent: [10, 60] },
  tags: ['FLEET-TAG'],
  unplugProbability: 0.2,
  fault: { probability: 0, kinds: ['gfci'], durationS: [5, 30] },
};

/** A scenario file that is not valid; `path` is the JSON path of the bad value (`$.ev.batteryKwh`). */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  readonly path: string;
  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.path = path;
  }
}

const FAULT_NAMES: readonly string[] = FAULT_KINDS.map((f) => f.kind);
const show = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function objectAt(v: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
  if (!isObject(v)) throw new ScenarioError(path, `expected an object, got ${show(v)}`);
  for (const key of Object.keys(v)) {
    if (!keys.includes(key) && !key.startsWith('$')) {
      throw new ScenarioError(`${path}.${key}`, `unknown key (known: ${keys.join(', ')})`);
    }
  }
  return v;
}

function numberAt(v: unknown, path: string, min: number, max = Number.POSITIVE_INFINITY): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    const bounds = max === Number.POSITIVE_INFINITY ? `>= ${min}` : `from ${min} to ${max}`;
    throw new ScenarioError(path, `expected a number ${bounds}, got ${show(v)}`);
  }
  return v;
}

function rangeAt(v: unknown, path: string, min: number, max?: number): Range {
  if (typeof v === 'number') {
    const n = numberAt(v, path, min, max);
    return [n, n];
  }
  if (!Array.isArray(v) || v.length !== 2) {
    throw new ScenarioError(path, `expected a number or [min, max], got ${show(v)}`);
  }
  const lo = numberAt(v[0], `${path}[0]`, min, max);
  const hi = numberAt(v[1], `${path}[1]`, min, max);
  if (lo > hi) throw new ScenarioError(path, `min ${lo} is greater than max ${hi}`);
  return [lo, hi];
}

/** Validate a parsed scenario object (keys starting with `$`, like `$comment`, are ignored). */
export function validateScenario(value: unknown): Scenario {
  const d = DEFAULT_SCENARIO;
  const o = objectAt(value, '$', [
    'sessionsPerStation',
    'firstArrivalS',
    'gapS',
    'sessionS',
    'ev',
    'tags',
    'unplugProbability',
    'fault',
  ]);
  const ev = objectAt(o['ev'] ?? {}, '$.ev', ['batteryKwh', 'maxCurrentA', 'socPercent']);
  const fault = objectAt(o['fault'] ?? {}, '$.fault', ['probability', 'kinds', 'durationS']);
  const opt = <T>(v: unknown, fallback: T, check: (v: unknown) => T): T =>
    v === undefined ? fallback : check(v);

  const sessions = opt(o['sessionsPerStation'], d.sessionsPerStation, (v) =>
    numberAt(v, '$.sessionsPerStation', 0),
  );
  if (!Number.isInteger(sessions)) {
    throw new ScenarioError('$.sessionsPerStation', `expected a whole number, got ${sessions}`);
  }
  const tags = opt(o['tags'], d.tags, (v) => {
    if (!Array.isArray(v) || v.length === 0) {
      throw new ScenarioError('$.tags', `expected a non-empty list of tags, got ${show(v)}`);
    }
    return v.map((tag: unknown, i) => {
      // OCPP 1.5 IdToken: 1 to 20 printable characters (STEVE.md §3).
      if (idTagProblem(tag) !== null) {
        throw new ScenarioError(
          `$.tags[${i}]`,
          `expected a tag of 1 to 20 characters (printable), got ${show(tag)}`,
        );
      }
      return tag as string;
    });
  });
  const kinds = opt(fault['kinds'], d.fault.kinds, (v) => {
    if (!Array.isArray(v) || v.length === 0) {
      throw new ScenarioError('$.fault.kinds', `expected a non-empty list, got ${show(v)}`);
    }
    return v.map((kind: unknown, i) => {
      if (typeof kind !== 'string' || !FAULT_NAMES.includes(kind)) {
        throw new ScenarioError(
          `$.fault.kinds[${i}]`,
          `expected one of ${FAULT_NAMES.join(', ')}, got ${show(kind)}`,
        );
      }
      return kind as FaultKind;
    });
  });

  return {
    sessionsPerStation: sessions,
    firstArrivalS: opt(o['firstArrivalS'], d.firstArrivalS, (v) =>
      rangeAt(v, '$.firstArrivalS', 0),
    ),
    gapS: opt(o['gapS'], d.gapS, (v) => rangeAt(v, '$.gapS', 0)),
    sessionS: opt(o['sessionS'], d.sessionS, (v) => rangeAt(v, '$.sessionS', 1)),
    ev: {
      batteryKwh: opt(ev['batteryKwh'], d.ev.batteryKwh, (v) => rangeAt(v, '$.ev.batteryKwh', 1)),
      // J1772 pilot range (RAPI.md §4.5): 6 A minimum, 80 A maximum.
      maxCurrentA: opt(ev['maxCurrentA'], d.ev.maxCurrentA, (v) =>
        rangeAt(v, '$.ev.maxCurrentA', 6, 80),
      ),
      socPercent: opt(ev['socPercent'], d.ev.socPercent, (v) =>
        rangeAt(v, '$.ev.socPercent', 0, 100),
      ),
    },
    tags,
    unplugProbability: opt(o['unplugProbability'], d.unplugProbability, (v) =>
      numberAt(v, '$.unplugProbability', 0, 1),
    ),
    fault: {
      probability: opt(fault['probability'], d.fault.probability, (v) =>
        numberAt(v, '$.fault.probability', 0, 1),
      ),
      kinds,
      durationS: opt(fault['durationS'], d.fault.durationS, (v) =>
        rangeAt(v, '$.fault.durationS', 0),
      ),
    },
  };
}

/** Parse and validate scenario JSON text; JSON syntax errors are ScenarioErrors at `$`. */
export function parseScenario(text: string): Scenario {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError('$', `not valid JSON: ${(error as Error).message}`);
  }
  return validateScenario(value);
}
