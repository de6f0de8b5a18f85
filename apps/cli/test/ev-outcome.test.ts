// `evse ev` says what each action did or will do, and which server it reached when that is
// not an emulator (AUDIT-2026-12.md #15, #16): a real `evse emulate`, `evse central` and
// `evse bridge` in child processes on 127.0.0.1, `evse ev` in-process (run(), as main.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliProcess, killAll, startCli } from '../../../test/support/evse-cli.js';
import { runInProcess } from './support/memory-io.js';

let emulator: CliProcess;
let station: CliProcess;
let central: CliProcess;
let bridge: CliProcess;
let http: string;
let tcp: string;
let centralOrigin: string;
let bridgeHttp: string;

beforeAll(async () => {
  emulator = startCli(['emulate', '--tcp', '127.0.0.1:0', '--http', '127.0.0.1:0']);
  central = startCli(['central', '--listen', '127.0.0.1:0', '--allow-any']);
  tcp = (await emulator.waitFor(/^TCP listening on (127\.0\.0\.1:\d+)$/m))[1] ?? '';
  http =
    (await emulator.waitFor(/^Control API listening on (http:\/\/127\.0\.0\.1:\d+)$/m))[1] ?? '';
  const ocpp = (await central.waitFor(/^OCPP endpoint (ws:\/\/127\.0\.0\.1:\d+\/\S+)$/m))[1] ?? '';
  centralOrigin = new URL(ocpp).origin.replace('ws:', 'http:');
  await emulator.waitFor(/^state notConnected {2}pilot A/m);
  // A bridge for a separate station (its own emulator, over TCP): its API has no EV to drive.
  station = startCli(['emulate', '--tcp', '127.0.0.1:0', '--http', '127.0.0.1:0']);
  const stationTcp = (await station.waitFor(/^TCP listening on (127\.0\.0\.1:\d+)$/m))[1] ?? '';
  bridge = startCli([
    'bridge',
    '--port',
    `tcp://${stationTcp}`,
    '--ocpp',
    ocpp,
    '--id',
    'CP-H',
    '--http',
    '127.0.0.1:0',
  ]);
  bridgeHttp = (await bridge.waitFor(/^Dashboard at (http:\/\/127\.0\.0\.1:\d+)\/$/m))[1] ?? '';
}, 60_000);

afterAll(() => killAll([bridge, station, emulator, central]));

const ev = (...args: string[]) => runInProcess(['ev', ...args]);

describe('evse ev against an emulator', () => {
  it('says what each action did, fails when nothing happened', async () => {
    const charge = await ev('charge', '--http', http);
    expect(charge).toMatchObject({ code: 1, stdout: '' });
    expect(charge.stderr).toBe('evse: charge: the EV is not plugged in\n');

    const armed = await ev('fault', 'gfci', '--http', http);
    expect(armed).toMatchObject({ code: 0, stderr: '' });
    expect(armed.stdout).toBe('fault gfci armed: trips when current flows\n');
    const status = await ev('status', '--http', http);
    expect(status.stdout).toContain('injected, not tripped yet: gfci (trips when current flows)');

    const connect = await ev('connect', '--http', http);
    expect(connect.stdout).toMatch(/^connect: EV plugged in; state connected {2}pilot B/);
    const again = await ev('connect', '--http', http);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^evse: connect: the EV is already plugged in/);

    // Current flows: the armed GFCI trips (within 2 s of the relay closing: a hard fault).
    const tripped = await ev('charge', '--http', http);
    expect(tripped.code).toBe(0);
    expect(tripped.stdout).toMatch(
      /^charge: the EV asks for charge, but the station is in fault gfci/,
    );

    const clear = await ev('clear', '--http', http);
    expect(clear.code).toBe(0);
    expect(clear.stdout).toBe(
      'clear: removed gfci; the station stays in fault gfci: unplugging the EV clears it\n',
    );
    const unplug = await ev('disconnect', '--http', http);
    expect(unplug.stdout).toMatch(
      /^disconnect: EV unplugged \(unplugging cleared the gfci fault\); state notConnected/,
    );

    const nothing = await ev('clear', '--http', http);
    expect(nothing).toMatchObject({
      code: 1,
      stderr: 'evse: clear: no fault is injected or present\n',
    });
    const stop = await ev('stop', '--http', http);
    expect(stop).toMatchObject({ code: 1, stderr: 'evse: stop: the EV is not plugged in\n' });
  }, 60_000);

  it('charges when nothing is armed and says so', async () => {
    await ev('connect', '--http', http);
    const charge = await ev('charge', '--http', http);
    expect(charge).toMatchObject({ code: 0, stderr: '' });
    expect(charge.stdout).toMatch(/^charge: charging; state charging {2}pilot C/);
    const trip = await ev('fault', 'gfci', '--http', http);
    expect(trip.stdout).toMatch(/^fault gfci: tripped; state fault \(gfci\)/);
    await ev('clear', '--http', http);
    expect((await ev('disconnect', '--http', http)).code).toBe(0);
  }, 60_000);
});

describe('evse ev against another kind of server', () => {
  it('prints a bridge status and says a bridge has no EV', async () => {
    const status = await ev('status', '--http', bridgeHttp);
    expect(status).toMatchObject({ code: 0, stderr: '' });
    expect(status.stdout).toMatch(/^state \S+ {2}pilot \S+ .*no transaction {2}queued 0\n$/);
    const connect = await ev('connect', '--http', bridgeHttp);
    expect(connect.code).toBe(1);
    expect(connect.stderr).toMatch(
      /is an evse bridge for a real or separate station: it has no EV/,
    );
  }, 60_000);

  it('names an OCPP central system', async () => {
    for (const action of ['status', 'connect']) {
      const reply = await ev(action, '--http', centralOrigin);
      expect(reply.code).toBe(1);
      expect(reply.stderr).toBe(
        `evse: ${centralOrigin} is an OCPP central system (evse central): it serves only WebSocket charge points; use the --http address of evse emulate, demo or bridge\n`,
      );
    }
  }, 60_000);

  it('says the RAPI TCP port is not the --http address', async () => {
    const reply = await ev('status', '--http', `http://${tcp}`);
    expect(reply.code).toBe(1);
    expect(reply.stderr).toMatch(/HTTP 400 This is a raw RAPI \(OpenEVSE serial\) port/);
  }, 60_000);
});
