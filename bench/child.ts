/** Talking to the bench's child processes: one JSON line per request on their stdout. */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** The next stdout line of `child`, as JSON. */
export async function readJsonLine(child: ChildProcess): Promise<Record<string, unknown>> {
  const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [line] = (await once(rl, 'line')) as [string];
  rl.close();
  return JSON.parse(line) as Record<string, unknown>;
}

/** Send `command` to the central system (bench/central.ts) and read its one-line answer. */
export function ask(central: ChildProcess, command: string): Promise<Record<string, unknown>> {
  central.stdin?.write(`${command}\n`);
  return readJsonLine(central);
}

/** What bench/central.ts answers to `totals`. */
export interface CentralView {
  readonly totals: { readonly activeTransactions: number };
  readonly connections: number;
  readonly stations: number;
  readonly rss: number;
  /** CPU time (user + system) since it started, ms. */
  readonly cpuMs: number;
  /** Its `performance.now()` when it answered, ms. */
  readonly atMs: number;
}
