import type { ArbiterEvent, ArbiterReason, ArbiterTarget } from '@evse/core';
import { describeError } from '../errors.js';

/** Why, in words, for each reason the arbiter acts (packages/core README, "Arbiter"). */
const WHEN: Record<ArbiterReason, string> = {
  start: 'at start',
  claim: 'now',
  reboot: 'after the controller rebooted (sleep is not kept across a reboot)',
  woke: 'again: the controller woke (front button, delay timer or another client)',
  slept: 'again: the controller was asleep',
  bootLock: 'to release the boot lock',
};

const whose = (t: ArbiterTarget | null): string =>
  t === null ? 'nobody' : `${t.client}${t.note ? `, ${t.note}` : ''}`;

/**
 * One line per arbiter event worth telling the bridge's user: when it puts the EVSE to sleep
 * and why, when it wakes it and for whom; null for chatter.
 */
export function describeArbiterEvent(event: ArbiterEvent): string | null {
  switch (event.type) {
    case 'target':
      return null;
    case 'capabilities': {
      const c = event.capabilities;
      return `Gate: EVSE held asleep ($FS) until authorized; front button ${c.buttonDisable ? 'off ($FF B 0)' : 'on (a press is undone by $FS)'}; delay timer ${c.delayTimer ? 'cleared ($ST 0 0 0 0)' : 'absent'}${c.authLock ? '; AUTH_LOCK build ($S4 follows)' : ''}`;
    }
    case 'failed':
      return `Gate: ${event.command} failed (${event.reason}): ${describeError(event.error)}`;
    case 'sent': {
      const when = WHEN[event.reason];
      const who = whose(event.target);
      if (event.command === '$FS') return `EVSE put to sleep ($FS) ${when} (${who})`;
      if (event.command === '$FE') return `EVSE woken ($FE) ${when} for ${who}`;
      if (event.command.startsWith('$SC')) return `Pilot set: ${event.command} for ${who}`;
      return `Gate: sent ${event.command} ${when} (${who})`;
    }
  }
}
