import type { Station } from '@evse/core';
import type { CentralSystem16 } from '@evse/ocpp16/central';
import { CliError } from '../errors.js';
import type { Output } from '../io/output.js';
import { chargingLine, readUntil } from './reading.js';
import { sleep } from './wait.js';

/** The limit the demo's central system puts on the transaction, A (below the EV's draw). */
const DEMO_LIMIT_A = 10;
const PROFILE_ID = 1;
/** The steps `limitThenClear` prints. */
export const PROFILE_STEPS = 2;

/**
 * SetChargingProfile.req of one Relative period at the demo's limit on connector 1: a
 * TxProfile for `transactionId`, or without one a TxDefaultProfile (whatever transaction
 * comes next).
 */
function limitRequest(chargingProfileId: number, transactionId?: number) {
  return {
    connectorId: 1,
    csChargingProfiles: {
      chargingProfileId,
      ...(transactionId === undefined ? {} : { transactionId }),
      stackLevel: 0,
      chargingProfilePurpose:
        transactionId === undefined ? ('TxDefaultProfile' as const) : ('TxProfile' as const),
      chargingProfileKind: 'Relative' as const,
      chargingSchedule: {
        chargingRateUnit: 'A' as const,
        chargingSchedulePeriod: [{ startPeriod: 0, limit: DEMO_LIMIT_A }],
      },
    },
  };
}

/** What the demo suggests trying once it is live (`evse ocpp ID SetChargingProfile '…'`). */
export const DEMO_PROFILE_REQUEST = limitRequest(2);

/** The demo's central system, for the steps only OCPP 1.6 has (smart charging, §3.13). */
export interface DemoCentral {
  readonly cs: Pick<CentralSystem16, 'call'>;
  readonly chargeBoxId: string;
}

/** What the two smart-charging steps drive and watch. */
export interface ProfileStepParts {
  readonly central: DemoCentral;
  readonly station: Station;
  readonly out: Output;
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** Emulator time runs this many times faster than real time. */
  readonly speed: number;
  /** Prints `Step n/N: text`. */
  readonly step: (text: string) => void;
}

/**
 * OCPP 1.6's addition to the scripted session, while the EV charges: the central system sends
 * a TxProfile of 10 A for the transaction (SetChargingProfile, OCPP 1.6 §5.16) and the EV's
 * current is read until it is 10 A or less, and again 2 emulated seconds later; then it
 * clears the profile (ClearChargingProfile, §5.5) and the current is read until it is above
 * 10 A again. A status other than Accepted, or a current that does not follow, is a failed
 * session (`evse demo --once` exits 1).
 */
export async function limitThenClear(
  parts: ProfileStepParts,
  transactionId: number,
): Promise<void> {
  const { central, station, out, signal, timeoutMs, speed, step } = parts;
  const { cs, chargeBoxId } = central;
  const said = (what: string, status: string): void => {
    out.line(`  central system: ${chargeBoxId} ${what}: ${status}`);
    if (status !== 'Accepted')
      throw new CliError(`demo: the charge point answered ${what} with ${status}`);
  };

  step(
    `the central system limits transaction ${transactionId} to ${DEMO_LIMIT_A} A (SetChargingProfile)`,
  );
  const set = await cs.call(
    chargeBoxId,
    'SetChargingProfile',
    limitRequest(PROFILE_ID, transactionId),
  );
  said(`SetChargingProfile TxProfile ${PROFILE_ID}, ${DEMO_LIMIT_A} A`, set.status);
  const limited = await readUntil(
    station,
    (ma) => ma <= DEMO_LIMIT_A * 1000,
    `the EV's current dropping to ${DEMO_LIMIT_A} A`,
    timeoutMs,
    signal,
  );
  out.line(`${chargingLine(limited)} (${DEMO_LIMIT_A} A or less: the profile holds)`);
  // Two emulated seconds later it still holds: the limit stays, not just a dip.
  await sleep(2000 / speed, signal);
  const later = await station.readMeter();
  if (later.currentMa > DEMO_LIMIT_A * 1000)
    throw new CliError(
      `demo: the EV's current rose to ${(later.currentMa / 1000).toFixed(1)} A under the ${DEMO_LIMIT_A} A profile`,
    );
  out.line(`${chargingLine(later)} (still ${DEMO_LIMIT_A} A or less)`);

  step('the central system clears the limit (ClearChargingProfile)');
  const cleared = await cs.call(chargeBoxId, 'ClearChargingProfile', { id: PROFILE_ID });
  said(`ClearChargingProfile ${PROFILE_ID}`, cleared.status);
  const free = await readUntil(
    station,
    (ma) => ma > DEMO_LIMIT_A * 1000,
    `the EV's current rising above ${DEMO_LIMIT_A} A`,
    timeoutMs,
    signal,
  );
  out.line(`${chargingLine(free)} (above ${DEMO_LIMIT_A} A again: no profile limits it)`);
}
