/**
 * The EVSE fault kinds: one child state of `fault` each, with the RAPI state code the firmware
 * reports for it (RAPI.md §3.1) and how it ends (RAPI.md §4.12).
 */
export const FAULT_KINDS = [
  // State D: the EV asked for ventilation (pilot 3 V). Hard fault until unplug (§4.2).
  { kind: 'ventRequired', code: 0x04, name: 'Vent required', autoRetry: false },
  // Diode check: PWM pilot lost its negative half. Hard fault until unplug.
  { kind: 'diodeCheck', code: 0x05, name: 'Diode check failed', autoRetry: false },
  // GFCI trip: relay opens, retried after 5 min up to 6 times (§4.12).
  { kind: 'gfci', code: 0x06, name: 'GFCI fault', autoRetry: true },
  // Both AC-sense inputs dead >1 s after relay close; retried like GFCI (§4.12).
  { kind: 'noGround', code: 0x07, name: 'No ground', autoRetry: true },
  // AC present with the relay open; NOT cleared by unplug on UL builds (§3.1, §4.12).
  { kind: 'stuckRelay', code: 0x08, name: 'Stuck relay', autoRetry: false },
  // GFI self-test before relay close failed. Hard fault until unplug.
  { kind: 'gfiSelfTest', code: 0x09, name: 'GFI self-test failed', autoRetry: false },
  // Any ambient sensor >= 71.0 °C or IR >= 75.0 °C (§4.9). Hard fault until unplug.
  { kind: 'overTemperature', code: 0x0a, name: 'Over temperature', autoRetry: false },
  // >= capacity + 5 A for 10 s, OVERCURRENT builds only (§4.12). Hard fault until unplug.
  { kind: 'overCurrent', code: 0x0b, name: 'Over current', autoRetry: false },
  // CGMI hardware: the relay did not close (§3.1). Treated as a hard fault until unplug.
  { kind: 'relayClosure', code: 0x0e, name: 'Relay closure fault', autoRetry: false },
] as const;

/** One of the fault child states of the EVSE machine (RAPI.md §3.1, codes 0x04–0x0E). */
export type FaultKind = (typeof FAULT_KINDS)[number]['kind'];

/** A row of {@link FAULT_KINDS}. */
export type FaultInfo = (typeof FAULT_KINDS)[number];

const byKind = new Map<string, FaultInfo>(FAULT_KINDS.map((f) => [f.kind, f]));
const byCode = new Map<number, FaultInfo>(FAULT_KINDS.map((f) => [f.code, f]));

/** True when `value` names a fault kind. */
export function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === 'string' && byKind.has(value);
}

/** The table row for `kind`. */
export function faultInfo(kind: FaultKind): FaultInfo {
  // Every FaultKind is a key of the map, by construction.
  return byKind.get(kind) as FaultInfo;
}

/** The fault whose RAPI state code is `code`, or `null` (0x0C/0x0D are reserved, never sent). */
export function faultFromCode(code: number): FaultInfo | null {
  return byCode.get(code) ?? null;
}
