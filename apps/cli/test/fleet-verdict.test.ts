// `evse fleet` names the cause of every failure and exits 1 on any (AUDIT-2026-12.md #7, #8),
// and the README's example (evse central --allow-any --tags FLEET-TAG --tag-sessions N) runs
// to the end with every transaction started and stopped at --speed 60: a real `evse central`
// child on 127.0.0.1:0 and `evse fleet` children.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliProcess, killAll, runCli, startCli } from '../../../test/support/evse-cli.js';

let central: CliProcess;
let untagged: CliProcess;
let ocpp: string;
let untaggedOcpp: string;

const endpoint = async (cs: CliProcess) =>
  (await cs.waitFor(/^OCPP endpoint (ws:\/\/127\.0\.0\.1:\d+\/\S+)$/m))[1] ?? '';

beforeAll(async () => {
  central = startCli([
    'central',
    '--allow-any',
    '--tags',
    'FLEET-TAG',
    '--tag-sessions',
    '1000',
    '--listen',
    '127.0.0.1:0',
  ]);
  untagged = startCli(['central', '--allow-any', '--listen', '127.0.0.1:0']);
  ocpp = await endpoint(central);
  untaggedOcpp = await endpoint(untagged);
}, 60_000);

afterAll(() => killAll([central, untagged]));

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('evse fleet verdict', () => {
  it('runs the README example: every transaction starts and stops, no false errors at ×60, exit 0', async () => {
    const run = await runCli(['fleet', '--count', '20', '--ocpp', ocpp, '--speed', '60'], {
      timeoutMs: 110_000,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /Done: 20 booted, 20 transactions started, 20 stopped, \d+ Wh reported by the stations, 0 errors\n$/,
    );
    expect(run.code).toBe(0);
  }, 120_000);

  it('names a refused connection and exits 1', async () => {
    const port = await closedPort();
    const url = `ws://127.0.0.1:${port}/steve/websocket/CentralSystemService`;
    const run = await runCli(['fleet', '--count', '2', '--ocpp', url, '--duration', '3']);
    expect(run.stdout).toMatch(/Done: 0 booted/);
    expect(run.stderr).toBe(
      `evse: 2 of 2 stations did not boot: connection refused at 127.0.0.1:${port}: is the central system running there?\n`,
    );
    expect(run.code).toBe(1);
  }, 60_000);

  it('names an HTTP 404 (wrong path or unknown id) and exits 1', async () => {
    const wrong = ocpp.replace(/\/steve\/websocket\/CentralSystemService$/, '/ocpp');
    const run = await runCli(['fleet', '--count', '2', '--ocpp', wrong, '--duration', '3']);
    expect(run.stderr).toMatch(
      /^evse: 2 of 2 stations did not boot: HTTP 404 for ws:\/\/127\.0\.0\.1:\d+\/ocpp\/EVSE-\d: the central system does not know this chargeBoxId .* or the path is wrong/,
    );
    expect(run.code).toBe(1);
  }, 60_000);

  it('names refused cards and exits 1', async () => {
    const run = await runCli(['fleet', '--count', '2', '--ocpp', untaggedOcpp, '--speed', '60'], {
      timeoutMs: 50_000,
    });
    expect(run.stdout).toMatch(/Done: 2 booted, 0 transactions started/);
    expect(run.stderr).toBe(
      "evse: 2 authorizations refused (last: Authorize FLEET-TAG: Invalid): the central system must accept the scenario's tags (evse central: --tags)\n",
    );
    expect(run.code).toBe(1);
  }, 60_000);
});
