/**
 * Core's EVSE statechart exports used by the firmware model, in one place.
 * TEMPORARY: relative imports until `@evse/core` exports the statechart.
 */
export { evseStateCode } from '../../../core/src/evse/codes-map.js';
export type { EvseEvent } from '../../../core/src/evse/events.js';
export type { FaultKind } from '../../../core/src/evse/faults.js';
export { evseMachine } from '../../../core/src/evse/machine.js';
