/**
 * What an `evse ev` action did, or will do, told from the emulator's status before and after
 * it (the control API's `before` and `status`, transport-emulator README.md): never a bare
 * "ok" (AUDIT-2026-12.md #15). Pure: statuses in, one line out.
 */
import { FAULT_RETRY_MS, type FaultKind, faultInfo } from '@evse/core';
import { FAULT_TRIGGERS } from '@evse/transport-emulator';
import { formatStatusLine } from '../io/format.js';

/** The emulator status fields this needs (`EmulatorStatus` fits). */
export interface EvStatus {
  readonly state: string;
  readonly pilotState: number;
  readonly fault: FaultKind | null;
  readonly hardFault: boolean;
  readonly injectedFaults: readonly FaultKind[];
  readonly evConnected: boolean;
  readonly evRequestingCharge: boolean;
  readonly relayClosed: boolean;
  readonly authLocked: boolean;
  readonly currentCapacity: number;
  readonly ev: { readonly socPercent: number };
}

/** The line to print; `effect` false when nothing happened and nothing will (exit 1). */
export interface Outcome {
  readonly line: string;
  readonly effect: boolean;
}

/** The actions that change the station, as `evse ev` names them. */
export type EvAction = 'connect' | 'charge' | 'stop' | 'disconnect' | 'fault' | 'clear';

const done = (line: string): Outcome => ({ line, effect: true });
const nothing = (line: string): Outcome => ({ line, effect: false });

/** Whether the control loop has shown the result of `action` yet (poll until it has). */
export function settled(action: EvAction, before: EvStatus, now: EvStatus): boolean {
  switch (action) {
    case 'connect':
    case 'disconnect':
      return now.state !== before.state || now.pilotState !== before.pilotState;
    case 'charge':
      return now.relayClosed || now.fault !== null || now.state !== before.state;
    case 'stop':
      return !now.relayClosed;
    case 'fault':
      return now.fault !== null;
    case 'clear':
      return now.fault === null;
  }
}

/** The outcome of `action` (`kind` for `fault`) given the status before and after it. */
export function describeOutcome(
  action: EvAction,
  kind: FaultKind | undefined,
  before: EvStatus,
  after: EvStatus,
): Outcome {
  const line = formatStatusLine(after);
  switch (action) {
    case 'connect':
      return before.evConnected
        ? nothing(`connect: the EV is already plugged in (${formatStatusLine(before)})`)
        : done(`connect: EV plugged in; ${line}`);
    case 'disconnect': {
      if (!before.evConnected) return nothing('disconnect: the EV is not plugged in');
      const cleared =
        before.fault !== null && after.fault === null
          ? ` (unplugging cleared the ${before.fault} fault)`
          : '';
      return done(`disconnect: EV unplugged${cleared}; ${line}`);
    }
    case 'charge':
      return charge(before, after);
    case 'stop':
      if (!before.evConnected) return nothing('stop: the EV is not plugged in');
      return before.evRequestingCharge
        ? done(`stop: the EV stopped asking for charge; ${line}`)
        : done(
            `stop: the EV was not asking for charge; it will not until \`evse ev charge\` (${line})`,
          );
    case 'fault':
      return fault(kind as FaultKind, before, after);
    case 'clear':
      return clear(before, after);
  }
}

function charge(before: EvStatus, after: EvStatus): Outcome {
  if (!before.evConnected) {
    return nothing('charge: the EV is not plugged in (`evse ev connect` first)');
  }
  if (before.evRequestingCharge) {
    return nothing(`charge: the EV is already asking for charge (${formatStatusLine(before)})`);
  }
  const line = formatStatusLine(after);
  if (after.relayClosed) return done(`charge: charging; ${line}`);
  // The EV now wants charge; say what keeps the station from giving it.
  const why =
    after.fault !== null
      ? `the station is in fault ${after.fault}`
      : after.ev.socPercent >= 100
        ? 'the battery is full, so the EV does not draw'
        : after.authLocked
          ? 'charging is locked until a card is accepted (`evse ev authorize TAG`)'
          : after.state === 'sleeping' || after.state === 'disabled'
            ? `the station is ${after.state}: it charges once enabled ($FE, RAPI.md §2.1), e.g. by a bridge after a card is accepted`
            : `the station has not closed the relay yet`;
  return done(`charge: the EV asks for charge, but ${why}; ${line}`);
}

function fault(kind: FaultKind, before: EvStatus, after: EvStatus): Outcome {
  if (after.fault === kind) {
    return before.fault === kind
      ? nothing(`fault ${kind}: the station is already in that fault (${formatStatusLine(after)})`)
      : done(`fault ${kind}: tripped; ${formatStatusLine(after)}`);
  }
  const again = before.injectedFaults.includes(kind) ? ' (already injected)' : '';
  const other = after.fault !== null ? `; the station is in fault ${after.fault} now` : '';
  return done(`fault ${kind} armed${again}: ${FAULT_TRIGGERS[kind]}${other}`);
}

function clear(before: EvStatus, after: EvStatus): Outcome {
  const causes = before.injectedFaults;
  const removed = causes.length > 0 ? `removed ${causes.join(', ')}` : 'nothing was injected';
  if (after.fault === null) {
    return causes.length > 0 || before.fault !== null
      ? done(`clear: ${removed}; ${formatStatusLine(after)}`)
      : nothing('clear: no fault is injected or present');
  }
  // RAPI.md §4.12: removing the cause does not end a fault; the firmware's own rule does.
  const { autoRetry } = faultInfo(after.fault);
  const minutes = FAULT_RETRY_MS / 60_000;
  const ends =
    autoRetry && !after.hardFault
      ? `it retries within ${minutes} min, or unplugging the EV clears it`
      : after.fault === 'stuckRelay'
        ? 'unplugging the EV clears it (on UL builds only a reboot does)'
        : 'unplugging the EV clears it';
  const outcome = `clear: ${removed}; the station stays in fault ${after.fault}: ${ends}`;
  return causes.length > 0 ? done(outcome) : nothing(outcome);
}
