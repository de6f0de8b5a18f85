/**
 * vflag helpers for the statechart. The bits are the table in `rapi/codes.ts` (RAPI.md §3.4);
 * `VF` is derived from it, never typed again.
 */
export { VF } from '../rapi/codes.js';

/** `flags` with `bit` set when `on`, cleared otherwise. */
export function withBit(flags: number, bit: number, on: boolean): number {
  return on ? flags | bit : flags & ~bit & 0xffff;
}
