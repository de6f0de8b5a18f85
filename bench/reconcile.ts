/**
 * Reconcile what the central system recorded against what the stations did, for the soak and
 * chaos runs (docs/reliability.md § Soak and chaos). Pure: records in, findings out.
 *
 * A session is one StartTransaction: SteVe's StartTransaction is not idempotent (STEVE.md
 * §1.8), so a re-sent Start shows up as a second row with the same charge box, timestamp and
 * meterStart — a duplicate. A Start without its Stop stays `active` — a loss. The energy of a
 * station's stopped transactions must add up to what its emulator's meter counted: the
 * station is gated (asleep until authorized, FIELD-FIRMWARE.md §1), so no energy flows
 * outside a transaction.
 */

/** The columns of a central transaction the reconciliation reads (TransactionRecord's). */
export interface CentralTx {
  readonly transactionId: number;
  readonly chargeBoxId: string;
  readonly idTag: string;
  readonly startTimestamp: string;
  readonly meterStart: number;
  readonly state: 'active' | 'stopped' | 'failed';
  readonly meterStop?: number;
  readonly energyWh: number | null;
}

/** One station's truth: its meter register at the end (Wh) and at the beginning. */
export interface StationMeter {
  readonly chargeBoxId: string;
  /** The emulator's register (lifetime + session) when the run began, Wh. */
  readonly startWh: number;
  /** The same at the end, after every session ended. */
  readonly endWh: number;
}

/** What the reconciliation found. */
export interface Reconciliation {
  /** Transactions at the central system. */
  readonly transactions: number;
  readonly stopped: number;
  /** Still active at the end: a StopTransaction lost. */
  readonly active: number;
  /** Stopped with a sanity problem (meterStop < meterStart, …). */
  readonly failed: number;
  /** Rows that repeat another row's (chargeBoxId, startTimestamp, meterStart). */
  readonly duplicates: number;
  /** Σ energy of stopped transactions, Wh. */
  readonly centralWh: number;
  /** Σ (endWh − startWh) over stations, Wh. */
  readonly meteredWh: number;
  /** Stations whose transactions do not add up to their meter, with the difference. */
  readonly energyMismatches: readonly {
    chargeBoxId: string;
    centralWh: number;
    meteredWh: number;
  }[];
  /** Stations whose consecutive transactions overlap in meter readings (a Start re-sent late). */
  readonly overlaps: number;
  /** Every problem in words; empty when everything reconciles. */
  readonly problems: readonly string[];
}

/** Reconcile `txs` against `meters` (only stations listed in `meters` are checked for energy). */
export function reconcile(
  txs: readonly CentralTx[],
  meters: readonly StationMeter[],
): Reconciliation {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  let duplicates = 0;
  let active = 0;
  let failed = 0;
  let stopped = 0;
  let centralWh = 0;
  const byStation = new Map<string, CentralTx[]>();
  for (const tx of txs) {
    const key = `${tx.chargeBoxId}|${tx.startTimestamp}|${tx.meterStart}`;
    const first = seen.get(key);
    if (first !== undefined) {
      duplicates++;
      problems.push(`duplicate: transaction ${tx.transactionId} repeats ${first} (${key})`);
    } else seen.set(key, tx.transactionId);
    if (tx.state === 'active') {
      active++;
      problems.push(`lost stop: transaction ${tx.transactionId} of ${tx.chargeBoxId} still active`);
    } else if (tx.state === 'failed') {
      failed++;
      problems.push(`failed stop: transaction ${tx.transactionId} of ${tx.chargeBoxId}`);
    } else {
      stopped++;
      centralWh += tx.energyWh ?? 0;
    }
    const list = byStation.get(tx.chargeBoxId) ?? [];
    list.push(tx);
    byStation.set(tx.chargeBoxId, list);
  }
  let overlaps = 0;
  for (const [id, list] of byStation) {
    list.sort((a, b) => a.meterStart - b.meterStart || a.transactionId - b.transactionId);
    for (let i = 1; i < list.length; i++) {
      const before = list[i - 1] as CentralTx;
      const tx = list[i] as CentralTx;
      if (before.meterStop !== undefined && tx.meterStart < before.meterStop) {
        overlaps++;
        problems.push(
          `overlap: ${id} transaction ${tx.transactionId} starts at ${tx.meterStart} Wh, before ${before.transactionId} stopped at ${before.meterStop} Wh`,
        );
      }
    }
  }
  const energyMismatches: { chargeBoxId: string; centralWh: number; meteredWh: number }[] = [];
  let meteredWh = 0;
  for (const m of meters) {
    const metered = Math.round(m.endWh - m.startWh);
    meteredWh += metered;
    const central = (byStation.get(m.chargeBoxId) ?? []).reduce(
      (sum, tx) => sum + (tx.state === 'stopped' ? (tx.energyWh ?? 0) : 0),
      0,
    );
    if (central !== metered) {
      energyMismatches.push({ chargeBoxId: m.chargeBoxId, centralWh: central, meteredWh: metered });
      problems.push(`energy: ${m.chargeBoxId} central ${central} Wh, meter ${metered} Wh`);
    }
  }
  return {
    transactions: txs.length,
    stopped,
    active,
    failed,
    duplicates,
    centralWh,
    meteredWh,
    energyMismatches,
    overlaps,
    problems,
  };
}

/**
 * An emulator's meter register, Wh, from its status: `$GU` lifetime Wh moves only at unplug,
 * when the session's Wh go into it; the session's Ws stay readable until the next plug-in
 * (RAPI.md §4.7). So while an EV is connected the register is lifetime + session, after the
 * unplug lifetime alone.
 */
export function registerWh(s: {
  readonly lifetimeWh: number;
  readonly sessionWs: number;
  readonly evConnected: boolean;
}): number {
  return s.evConnected ? s.lifetimeWh + Math.floor(s.sessionWs / 3600) : s.lifetimeWh;
}

/** Least-squares slope of y over x (units of y per unit of x); 0 with fewer than 2 points. */
export function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  if (n < 2) return 0;
  let sx = 0;
  let sy = 0;
  for (const [x, y] of points) {
    sx += x;
    sy += y;
  }
  const mx = sx / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}
