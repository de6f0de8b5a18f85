import { FAULT_KINDS, type FaultKind, faultFromCode } from './faults.js';

/** The machine's top-level state ids (contracts §2). */
export type EvseTopState =
  | 'starting'
  | 'notConnected'
  | 'connected'
  | 'charging'
  | 'sleeping'
  | 'disabled'
  | 'fault';

/** Top-level non-fault states and their RAPI EVSE state codes (RAPI.md §3.1). */
export const STATE_CODES = [
  { state: 'starting', code: 0x00 },
  { state: 'notConnected', code: 0x01 },
  { state: 'connected', code: 0x02 },
  { state: 'charging', code: 0x03 },
  { state: 'sleeping', code: 0xfe },
  { state: 'disabled', code: 0xff },
] as const satisfies readonly { state: Exclude<EvseTopState, 'fault'>; code: number }[];

/** Every RAPI EVSE state code the machine has a state for, with its target. */
export const ALL_STATE_CODES: readonly {
  state: EvseTopState;
  fault: FaultKind | null;
  code: number;
}[] = [
  ...STATE_CODES.map((s) => ({ state: s.state, fault: null, code: s.code })),
  ...FAULT_KINDS.map((f) => ({ state: 'fault' as const, fault: f.kind, code: f.code })),
];

const codeOfTop = new Map<string, number>(STATE_CODES.map((s) => [s.state, s.code]));

/** A snapshot-like value: the `value` of an `evseMachine` snapshot. */
export interface EvseSnapshotLike {
  readonly value: string | Readonly<Record<string, unknown>>;
}

/**
 * The RAPI EVSE state code (`$GS`/`$AT` first field) for a machine snapshot.
 * @example evseStateCode(actor.getSnapshot()) // 0x02 when `connected`
 */
export function evseStateCode(snapshot: EvseSnapshotLike): number {
  const { value } = snapshot;
  if (typeof value === 'string') {
    const code = codeOfTop.get(value);
    if (code === undefined) throw new TypeError(`not an EVSE state: ${value}`);
    return code;
  }
  const child = (value as { fault?: unknown }).fault;
  const fault = FAULT_KINDS.find((f) => f.kind === child);
  if (!fault) throw new TypeError(`not an EVSE state: ${JSON.stringify(value)}`);
  return fault.code;
}

/**
 * The machine state for a RAPI EVSE state code, or `null` for codes with no state
 * (0x0C/0x0D are reserved and never sent, RAPI.md §3.1).
 */
export function stateFromCode(
  code: number,
): { state: EvseTopState; fault: FaultKind | null } | null {
  const top = STATE_CODES.find((s) => s.code === code);
  if (top) return { state: top.state, fault: null };
  const fault = faultFromCode(code);
  return fault ? { state: 'fault', fault: fault.kind } : null;
}
