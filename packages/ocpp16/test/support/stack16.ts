// The real chain for the 1.6 charge point: the shared rig (test/support/station-stack.ts) with
// createChargePoint16 as 'CP16' for a central system at `url`.
import { startStack } from '../../../../test/support/station-stack.js';
import { type ChargePoint16Options, createChargePoint16 } from '../../src/index.js';

export const startStack16 = (url: string, options: Partial<ChargePoint16Options> = {}) =>
  startStack(url, (base) => createChargePoint16({ ...base, chargeBoxId: 'CP16', ...options }));
