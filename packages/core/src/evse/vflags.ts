/**
 * The vflag bits the statechart itself maintains (RAPI.md §3.4). The full table with names
 * lives in `rapi/codes.ts`; these are the few the machine sets and clears.
 */
export const VF = {
  HARD_FAULT: 0x0002,
  LIMIT_SLEEP: 0x0004,
  AUTH_LOCKED: 0x0008,
  TIME_LIMIT: 0x0010,
  CHARGING_ON: 0x0040,
  GFI_TRIPPED: 0x0080,
  EV_CONNECTED: 0x0100,
  SESSION_ENDED: 0x0200,
  EV_CONNECTED_PREV: 0x0400,
  CHARGE_LIMIT: 0x2000,
} as const;

/** `flags` with `bit` set when `on`, cleared otherwise. */
export function withBit(flags: number, bit: number, on: boolean): number {
  return on ? flags | bit : flags & ~bit & 0xffff;
}
