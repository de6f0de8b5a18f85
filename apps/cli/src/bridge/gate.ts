import { type Arbiter, createArbiter, GateError, type Station } from '@evse/core';
import { OCPP_WAITING_CLAIM } from '@evse/ocpp15';
import type { Subscription } from 'rxjs';
import { CliError } from '../errors.js';
import type { Output } from '../io/output.js';
import { describeArbiterEvent } from './describe-gate.js';

/** A started gate: the arbiter and the subscription that prints what it does. */
export interface Gate {
  readonly arbiter: Arbiter;
  close(): void;
}

/**
 * Hold `station` asleep until the charge point authorizes someone (FIELD-FIRMWARE.md §1):
 * the arbiter starts with the OCPP claim disabled, so nothing charges before the charge point
 * exists. A controller that cannot be gated is refused with the arbiter's message.
 */
export async function startGate(station: Station, out: Output, json: boolean): Promise<Gate> {
  const arbiter = createArbiter(station);
  const log: Subscription = arbiter.events$.subscribe((event) => {
    if (json) {
      if (event.type !== 'target') {
        const body = event.type === 'failed' ? { ...event, error: event.error.message } : event;
        out.json({ ...body, type: `gate.${event.type}` });
      }
      return;
    }
    const line = describeArbiterEvent(event);
    if (line) out.line(line);
  });
  arbiter.claim(OCPP_WAITING_CLAIM);
  try {
    await arbiter.start();
  } catch (error) {
    log.unsubscribe();
    arbiter.close();
    if (error instanceof GateError) throw new CliError(`refusing to bridge: ${error.message}`);
    throw new CliError('cannot put the station to sleep until authorization', { cause: error });
  }
  return {
    arbiter,
    close() {
      log.unsubscribe();
      arbiter.close();
    },
  };
}
