import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createCentralSystem } from '../src/central/central-system.js';
import { recordFrames } from './support/chain.js';
import { until } from './support/helpers.js';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
interface Runner {
  child: ChildProcess;
  lines: Record<string, unknown>[];
}

function run(env: Record<string, string>): Runner {
  const child = spawn('npx', ['tsx', '--conditions=@evse/source', 'test/support/cp-runner.ts'], {
    cwd: pkgDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: the kill reaches tsx's node child too
  });
  const lines: Record<string, unknown>[] = [];
  let buf = '';
  child.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    let i = buf.indexOf('\n');
    while (i >= 0) {
      lines.push(JSON.parse(buf.slice(0, i)) as Record<string, unknown>);
      buf = buf.slice(i + 1);
      i = buf.indexOf('\n');
    }
  });
  child.stderr?.resume();
  onTestFinished(() => killGroup(child, 'SIGKILL'));
  return { child, lines };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
    return Promise.resolve();
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    process.kill(-child.pid, signal);
  } catch {
    return Promise.resolve();
  }
  return exited;
}

const TX_ACTIONS = new Set(['StartTransaction', 'MeterValues', 'StopTransaction']);

describe('SIGKILL with queued messages', () => {
  it('delivers what was queued after a restart, once each and in order, and closes the open transaction', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ocpp15-kill-'));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    // Reserve a port for the central system, which stays down while the first process runs.
    const probe = await createCentralSystem({ allow: ['CP1'] });
    const { port, url } = probe;
    await probe.close();

    const first = run({ CP_URL: url, CP_DATA_DIR: dataDir, CP_MODE: 'charge' });
    const queued = () => Math.max(0, ...first.lines.map((l) => Number(l['queued'] ?? 0)));
    await until(() => queued() >= 4, 30_000, 'four queued messages'); // Start + 3 MeterValues
    const seen = queued();
    await killGroup(first.child, 'SIGKILL');
    expect(first.child.signalCode).toBe('SIGKILL');

    const cs = await createCentralSystem({ port, allow: ['CP1'], firstTransactionId: 100 });
    onTestFinished(() => cs.close());
    const frames = recordFrames(cs);
    const second = run({ CP_URL: url, CP_DATA_DIR: dataDir, CP_MODE: 'idle' });
    await until(() => frames.of('StopTransaction').length === 1, 30_000, 'StopTransaction');
    const tx = frames.calls.filter((r) => TX_ACTIONS.has(r.action));
    // Start, every journaled MeterValues, and the Stop the restart adds for the transaction
    // the kill interrupted (meterStop = last journaled register value).
    expect(tx[0]?.action).toBe('StartTransaction');
    expect(tx.at(-1)?.action).toBe('StopTransaction');
    const meters = tx.slice(1, -1);
    expect(
      meters.every((r) => r.action === 'MeterValues' && r.payload['transactionId'] === 100),
    ).toBe(true);
    expect(meters.length).toBeGreaterThanOrEqual(seen - 1);
    const stamps = meters.map(
      (r) => (r.payload['values'] as { timestamp: string }[])[0]?.timestamp,
    );
    expect(new Set(stamps).size).toBe(stamps.length);
    expect([...stamps].sort()).toEqual(stamps);
    const lastValues = (meters.at(-1)?.payload['values'] ?? []) as {
      value: { measurand: string; value: string }[];
    }[];
    const register = lastValues[0]?.value.find(
      (v) => v.measurand === 'Energy.Active.Import.Register',
    );
    const lastWh = Number(register?.value);
    expect(tx.at(-1)?.payload).toMatchObject({ transactionId: 100, meterStop: lastWh });
    expect(frames.errors).toEqual([]);
    expect(cs.transactions('CP1')).toMatchObject([{ transactionId: 100, state: 'stopped' }]);
    await until(
      () => second.lines.some((l) => l['event'] === 'tick' && l['queued'] === 0),
      5000,
      'empty queue',
    );
    await killGroup(second.child, 'SIGTERM');
  }, 120_000);
});
