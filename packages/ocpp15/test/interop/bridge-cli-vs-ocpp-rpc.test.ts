// Interop: the real `evse bridge` CLI (child process, in-process emulator) as a charge point of
// the independent strict ocpp-rpc central system (support/strict-rpc-cs.ts): the same flow and
// the same STEVE.md §5 checks as charge-point-vs-ocpp-rpc.test.ts, through the shipped command.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../support/helpers.js';
import { type StrictCs, startStrictRpcCs } from '../support/strict-rpc-cs.js';

const BIN = fileURLToPath(new URL('../../../../apps/cli/bin/evse.js', import.meta.url));

let child: ChildProcess | undefined;
let cs: StrictCs | undefined;
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const gone = new Promise((r) => child?.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }
  child = undefined;
  await cs?.close();
  cs = undefined;
});

async function ev(controlUrl: string, action: string): Promise<void> {
  const res = await fetch(`${controlUrl}/api/ev`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action }),
  });
  expect(res.status).toBe(200);
}

describe('evse bridge (child process) → ocpp-rpc RPCServer (strict, ajv-validated)', () => {
  it('boot, statuses, authorize, start, meter values, remote stop, reset; SIGINT exits 0', async () => {
    const central = await startStrictRpcCs('CP1');
    cs = central;
    const proc = spawn(
      process.execPath,
      [
        BIN,
        'bridge',
        '--port',
        'emulator',
        '--ocpp',
        central.url,
        '--id',
        'CP1',
        '--id-tag',
        'TAG1',
        '--http',
        '127.0.0.1:0',
      ],
      { env: { ...process.env, EVSE_FROM_SOURCE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    let stdout = '';
    let stderr = '';
    proc.stdout?.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
    });
    proc.stderr?.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
    });
    await until(() => /Control API listening on http:\S+/.test(stdout), 20_000, 'control API');
    const controlUrl = /Control API listening on (http:\S+)/.exec(stdout)?.[1] ?? '';

    await until(() => central.of('StatusNotification').length >= 2, 10_000, 'statuses');
    expect(central.calls[0]?.action).toBe('BootNotification');
    expect(central.calls[0]?.params).toMatchObject({ chargePointVendor: 'OpenEVSE' });
    // the CS shortens the sample interval, as an operator would in SteVe's UI
    expect(
      await central.call('ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '1' }),
    ).toEqual({ status: 'Accepted' });

    await ev(controlUrl, 'connect'); // plug in; --id-tag authorizes it
    await until(() => central.of('StartTransaction').length === 1, 10_000, 'StartTransaction');
    expect(central.of('Authorize').map((c) => c.params)).toEqual([{ idTag: 'TAG1' }]);
    expect(central.of('StartTransaction')[0]?.params).toMatchObject({
      connectorId: 1,
      idTag: 'TAG1',
    });
    await until(
      () => central.of('MeterValues').some((c) => c.params['transactionId'] === 100),
      10_000,
      'meter values with the assigned transactionId',
    );
    for (const mv of central.of('MeterValues')) expect(mv.params['connectorId']).toBe(1);

    expect(await central.call('RemoteStopTransaction', { transactionId: 100 })).toEqual({
      status: 'Accepted',
    });
    await until(() => central.of('StopTransaction').length === 1, 10_000, 'StopTransaction');
    expect(central.of('StopTransaction')[0]?.params['transactionId']).toBe(100);

    await ev(controlUrl, 'disconnect');
    expect(await central.call('Reset', { type: 'Soft' })).toEqual({ status: 'Accepted' });
    await until(() => central.of('BootNotification').length === 2, 15_000, 'boot after reset');
    await until(() => central.accepted, 5000, 'accepted again');

    const exit = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    proc.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(stderr).toBe('');
    expect(central.problems).toEqual([]);
  });
});
