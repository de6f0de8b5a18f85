// `evse central` and `evse bridge` in child processes: a station (the in-process emulator)
// becomes a charge point of the local central system over a real WebSocket on 127.0.0.1,
// and the bridge's durable queue carries an undelivered StopTransaction across a restart.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CliProcess,
  emulatedBridge,
  killAll,
  runCli,
  startCli,
} from '../../../test/support/evse-cli.js';
import { apiStatus, expectDashboardPage, readInit } from './support/dashboard.js';
import { evAction } from './support/ev-action.js';
import { runInProcess } from './support/memory-io.js';

const dirs: string[] = [];
afterEach(async () => {
  await killAll();
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function startCentral(
  listen: string,
  extra: string[] = [],
): Promise<{ cs: CliProcess; url: string }> {
  const cs = startCli(['central', '--listen', listen, '--tags', 'TAG-1', ...extra]);
  const url = (await cs.waitFor(/^OCPP endpoint (ws:\/\/127\.0\.0\.1:\d+\/\S+)$/m))[1] ?? '';
  return { cs, url };
}

function startBridge(url: string, queue: string): CliProcess {
  return startCli([
    ...emulatedBridge(url, 'CP-1'),
    '--id-tag',
    'TAG-1',
    '--queue',
    queue,
    '--http',
    '127.0.0.1:0',
  ]);
}

describe('evse central + evse bridge', () => {
  it('keeps an undelivered StopTransaction in the queue across a bridge restart', async () => {
    const queue = await mkdtemp(join(tmpdir(), 'evse-cli-queue-'));
    dirs.push(queue);
    const first = await startCentral('127.0.0.1:0', ['--allow', 'CP-1']);
    const port = /:(\d+)\//.exec(first.url)?.[1] ?? '';

    // The bridge connects and boots; plugging in authorizes --id-tag and starts a transaction.
    let bridge = startBridge(first.url, queue);
    const http = (await bridge.waitFor(/^Control API listening on (http:\S+)$/m))[1] ?? '';
    await bridge.waitFor(/^BootNotification Accepted/m);
    await first.cs.waitFor(/^CP-1 BootNotification: Accepted$/m);
    // --http: the dashboard (emulator controls) with the emulator's control API behind it.
    expect(bridge.stdout()).toContain(`Dashboard at ${http}/\n`);
    await expectDashboardPage(http);
    const init = await readInit(http);
    expect(init).toMatchObject({ title: 'evse bridge CP-1', controls: 'emulator' });
    expect(init.panels).toMatchObject({ station: true, rapi: true, ocpp: true });
    // Gated: the default build idles asleep until someone is authorized (FIELD-FIRMWARE.md §1).
    await bridge.waitFor(
      /^EVSE put to sleep \(\$FS\) at start \(ocpp, waiting for authorization\)$/m,
    );
    await expect
      .poll(async () => (await apiStatus(http))['state'], { timeout: 5000 })
      .toBe('sleeping');
    expect(await apiStatus(http)).toMatchObject({ evConnected: false });
    // The emulator's control API directly (evse ev itself is tested in emulate.test.ts).
    await evAction(http, 'connect');
    await bridge.waitFor(/^Authorize TAG-1: Accepted \(central\)$/m);
    await bridge.waitFor(/^EVSE woken \(\$FE\) now for ocpp, authorized TAG-1$/m);
    await bridge.waitFor(/^StartTransaction accepted: transaction 1$/m);
    await first.cs.waitFor(/^CP-1 transaction 1 started for TAG-1/m);

    // The central system goes away; unplugging ends the transaction while it is offline.
    expect(await first.cs.stop('SIGINT')).toBe(0);
    await bridge.waitFor(/^OCPP disconnected/m);
    await evAction(http, 'disconnect');
    await bridge.waitFor(
      /^StopTransaction queued: transaction 1, meter \d+ Wh, reason EVDisconnected$/m,
    );
    expect(await bridge.stop('SIGINT')).toBe(0);
    expect(bridge.stdout()).toMatch(/Stopped\n$/);
    const journal = await readFile(join(queue, 'queue.jsonl'), 'utf8');
    expect(journal).toContain('"action":"StopTransaction"');

    // Both come back: the queued StopTransaction is delivered to the new central system.
    const second = await startCentral(`127.0.0.1:${port}`, ['--allow', 'CP-1']);
    expect(second.url).toBe(first.url);
    bridge = startBridge(second.url, queue);
    await bridge.waitFor(/^Queue in .* \(1 waiting\)$/m);
    await bridge.waitFor(/^StopTransaction delivered$/m);
    await second.cs.waitFor(/^CP-1 StopTransaction transaction 1, meter \d+ Wh$/m);
    expect(await bridge.stop('SIGINT')).toBe(0);
    expect(await second.cs.stop('SIGINT')).toBe(0);
  }, 60_000);

  it('bridges a station on TCP (as on a Pi) with card swipes over the --http endpoint', async () => {
    // The station: `evse emulate`, its default build (no $S4), reached over raw TCP like ser2net.
    const station = startCli(['emulate', '--tcp', '127.0.0.1:0', '--http', '127.0.0.1:0']);
    const tcp = (await station.waitFor(/^TCP listening on (\S+)$/m))[1] ?? '';
    const stationHttp = (await station.waitFor(/^Control API listening on (\S+)$/m))[1] ?? '';
    const { cs, url } = await startCentral('127.0.0.1:0', ['--allow', 'CP-TCP']);
    const bridge = startCli([
      'bridge',
      '--port',
      `tcp://${tcp}`,
      '--ocpp',
      url,
      '--id',
      'CP-TCP',
      '--http',
      '127.0.0.1:0',
    ]);
    const swipes =
      (await bridge.waitFor(/^Authorize endpoint listening on (http:\S+)\/api\/authorize$/m))[1] ??
      '';
    await bridge.waitFor(/^BootNotification Accepted/m);
    // --http of a bridge to a real station: the dashboard with the swipe form only, and the
    // bridge's own API behind it.
    expect(bridge.stdout()).toContain(`Dashboard at ${swipes}/\n`);
    await expectDashboardPage(swipes);
    const init = await readInit(swipes);
    expect(init).toMatchObject({ title: 'evse bridge CP-TCP', controls: 'bridge' });
    expect(init.ocpp.map((l) => l.action)).toContain('BootNotification');
    // The emulate process may still be in its POST (state 'starting') when the bridge boots;
    // wait for the station to settle, then expect the idle state.
    await expect
      .poll(async () => (await apiStatus(swipes))['station'], { timeout: 10_000 })
      .not.toMatchObject({ state: 'starting' });
    await expect
      .poll(async () => (await apiStatus(swipes))['station'], { timeout: 10_000 })
      .toMatchObject({ state: 'sleeping' }); // held asleep until authorized
    expect(await apiStatus(swipes)).toMatchObject({ transaction: null, queued: 0 });
    await evAction(stationHttp, 'connect');
    await evAction(stationHttp, 'charge');
    await bridge.waitFor(/^StatusNotification connector 1: Occupied$/m); // seen from vflag 0x0100, asleep

    // A swipe at the emulator reaches nobody (this bridge takes swipes on its own --http).
    const unheard = await runInProcess(['ev', 'authorize', 'TAG-1', '--http', stationHttp]);
    expect(unheard.code).toBe(1);
    expect(unheard.stdout).toBe('');
    expect(unheard.stderr).toMatch(/nobody listens for swipes there/);

    // An unknown card is refused by the central system: exit code 1, the EVSE stays asleep.
    const refused = await runInProcess(['ev', 'authorize', 'NOBODY', '--http', swipes]);
    expect(refused.stdout).toBe('authorize NOBODY: Invalid\n');
    expect(refused.code).toBe(1);
    await cs.waitFor(/^CP-TCP Authorize NOBODY: Invalid$/m);
    expect(await apiStatus(stationHttp)).toMatchObject({ state: 'sleeping', currentMa: 0 });

    const accepted = await runCli(['ev', 'authorize', 'TAG-1', '--http', swipes]);
    expect(accepted).toMatchObject({ code: 0, stdout: 'authorize TAG-1: Accepted\n' });
    await bridge.waitFor(/^StartTransaction accepted: transaction 1$/m);
    await cs.waitFor(/^CP-TCP transaction 1 started for TAG-1/m);
    // Without --queue nothing would remember the open transaction: the shutdown ends it.
    expect(await bridge.stop('SIGINT')).toBe(0);
    expect(bridge.stdout()).toMatch(/^Ending transaction 1: the bridge keeps no queue$/m);
    await cs.waitFor(/^CP-TCP transaction 1 stopped \(\d+ Wh\)$/m);
    expect(await cs.stop('SIGINT')).toBe(0);
    expect(await station.stop('SIGINT')).toBe(0);
  }, 60_000);

  it('refuses a chargeBoxId that --allow does not list, as SteVe does', async () => {
    const { cs, url } = await startCentral('127.0.0.1:0', ['--allow', 'CP-OTHER']);
    const queue = await mkdtemp(join(tmpdir(), 'evse-cli-queue-'));
    dirs.push(queue);
    const bridge = startBridge(url, queue);
    await cs.waitFor(/^refused .*\/CP-1: HTTP 404/m);
    await bridge.waitFor(/^OCPP (error|reconnecting)/m);
    expect(await bridge.stop('SIGINT')).toBe(0);
    expect(await cs.stop('SIGINT')).toBe(0);
  }, 60_000);
});
