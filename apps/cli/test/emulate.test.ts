// `evse emulate` in a child process, driven by `evse rapi`, `evse ev` and `evse watch` over
// real TCP and HTTP on 127.0.0.1, as a user would in two terminals. Each command runs at least
// once as its own process; further cases of the same command run in-process through run()
// (the code path main.ts calls) to keep the suite quick.
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CliProcess, killAll, runCli, startCli } from '../../../test/support/evse-cli.js';
import { apiStatus, expectDashboardPage, readInit } from './support/dashboard.js';
import { runInProcess } from './support/memory-io.js';

let emulator: CliProcess;
let tcp: string;
let http: string;

beforeAll(async () => {
  emulator = startCli(['emulate', '--tcp', '127.0.0.1:0', '--http', '127.0.0.1:0']);
  tcp = (await emulator.waitFor(/^TCP listening on (127\.0\.0\.1:\d+)$/m))[1] ?? '';
  http =
    (await emulator.waitFor(/^Control API listening on (http:\/\/127\.0\.0\.1:\d+)$/m))[1] ?? '';
  await emulator.waitFor(/^state notConnected {2}pilot A/m);
}, 60_000);

afterEach(() => killAll([emulator]));

afterAll(async () => {
  // Ctrl-C shuts the emulator down cleanly: exit code 0 and the sockets are closed.
  const code = await emulator.stop('SIGINT');
  expect(emulator.stdout()).toMatch(/Shutting down\nStopped\n$/);
  expect(code).toBe(0);
  const refused = await runInProcess(['rapi', `tcp://${tcp}`, 'GV']);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/refused|REFUSED/);
}, 60_000);

describe('evse emulate --http', () => {
  it('serves the dashboard and the control API on one address', async () => {
    expect(emulator.stdout()).toContain(`Dashboard at ${http}/\n`);
    await expectDashboardPage(http);
    const init = await readInit(http);
    expect(init).toMatchObject({ title: 'evse emulate', controls: 'emulator' });
    expect(init.panels).toMatchObject({ station: true, meter: true, rapi: true, ocpp: false });
    expect(init.chart.states.map((s) => s.id)).toContain('charging');
    expect(init.status?.state).toBe('notConnected');
    expect(await apiStatus(http)).toMatchObject({ state: 'notConnected', evConnected: false });
  }, 60_000);

  it('shows the RAPI lines a TCP client exchanges (the device is tapped)', async () => {
    expect((await runInProcess(['rapi', `tcp://${tcp}`, 'GV'])).code).toBe(0);
    const { rapi } = await readInit(http);
    const lines = rapi.map((l) => `${l.dir} ${l.line}`);
    expect(lines).toContain('tx $GV^35');
    expect(lines).toContain('rx $OK 8.2.3 5.2.1^2F');
  }, 60_000);
});

describe('evse rapi', () => {
  it('sends one command with its checksum and prints the decoded reply', async () => {
    const { code, stdout, stderr } = await runCli(['rapi', `tcp://${tcp}`, '$GV', '--raw']);
    expect(stderr).toBe('');
    expect(stdout).toBe(
      '> $GV^35\n< $OK 8.2.3 5.2.1^2F\nOK 8.2.3 5.2.1  (firmware 8.2.3, RAPI 5.2.1)\n',
    );
    expect(code).toBe(0);
  }, 60_000);

  it('prints the exchange as JSON and exits 1 on $NK', async () => {
    // One after the other: like a UART, the TCP server gives every client all device output,
    // so two clients talking at once would read each other's replies.
    const json = await runInProcess(['rapi', `tcp://${tcp}`, 'GU', '--json']);
    const nk = await runInProcess(['rapi', `tcp://${tcp}`, '$ZZ']);
    expect(json.code).toBe(0);
    const exchange = JSON.parse(json.stdout) as {
      ok: boolean;
      decoded: Record<string, number>;
      wire: string[];
    };
    expect(exchange.ok).toBe(true);
    expect(Object.keys(exchange.decoded)).toEqual(['sessionWs', 'lifetimeWh']);
    expect(exchange.wire[0]).toBe('> $GU^36');
    expect(nk.code).toBe(1);
    expect(nk.stdout).toBe('NK\n');
    expect(nk.stderr).toBe('evse: the station refused $ZZ ($NK)\n');
  }, 60_000);

  it('runs a REPL over piped input', async () => {
    const { code, stdout } = await runInProcess(['rapi', `tcp://${tcp}`, '--interactive'], {
      input: 'GV\n$GE\nnonsense\n.quit\n',
    });
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('OK 8.2.3 5.2.1  (firmware 8.2.3, RAPI 5.2.1)');
    expect(lines[1]).toMatch(/^OK \d+ [0-9a-f]{4} {2}\(pilotAmps \d+, flags \d+\)$/);
    expect(lines[2]).toMatch(/^error: "nonsense" is not a RAPI command/);
  }, 60_000);

  it('fails with one line when nothing listens on the port', async () => {
    const { code, stdout, stderr } = await runInProcess(['rapi', 'tcp://127.0.0.1:1', 'GV']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^evse: .*127\.0\.0\.1:1/);
  }, 60_000);
});

describe('evse ev and evse watch', () => {
  it('watch --json prints a JSON line for each change that ev makes', async () => {
    const watch = startCli(['watch', `tcp://${tcp}`, '--json', '--interval', '200']);
    await watch.waitFor(/"state":"notConnected"/);
    const connect = await runCli(['ev', 'connect', '--http', http]);
    expect(connect).toMatchObject({ code: 0, stderr: '' });
    expect(connect.stdout).toMatch(/^connect: EV plugged in; state /);
    await watch.waitFor(/"state":"connected".*"evConnected":true/);
    // The emulator's own display follows too.
    await emulator.waitFor(/^state connected {2}pilot B/m);
    const status = await runInProcess(['ev', 'status', '--http', http, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ state: 'connected', evConnected: true });
    const disconnect = await runInProcess(['ev', 'disconnect', '--http', http]);
    expect(disconnect.code).toBe(0);
    await watch.waitFor(/"state":"connected"[^\n]*\n(.*\n)*.*"state":"notConnected"/);
    for (const line of watch.stdout().trim().split('\n')) {
      expect(JSON.parse(line)).toHaveProperty('pilotState');
    }
    expect(await watch.stop('SIGINT')).toBe(0);
  }, 60_000);

  it('ev reports an unreachable control API in one line with exit code 1', async () => {
    const port = await closedPort();
    const { code, stderr } = await runInProcess([
      'ev',
      'charge',
      '--http',
      `http://127.0.0.1:${port}`,
    ]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `evse: cannot reach the control API at http://127.0.0.1:${port} (ECONNREFUSED); is \`evse emulate\` (or demo) running there?\n`,
    );
  }, 60_000);
});

describe('evse emulate --firmware', () => {
  it('says which firmware it emulates and answers as that version', async () => {
    const old = startCli([
      'emulate',
      '--firmware',
      '5.0.1',
      '--baud',
      '115200',
      '--tcp',
      '127.0.0.1:0',
      '--no-http',
    ]);
    await old.waitFor(
      /^Emulated OpenEVSE station: firmware 5\.0\.1 \(RAPI 4\.0\.1, 115200 baud\)$/m,
    );
    const port = (await old.waitFor(/^TCP listening on (127\.0\.0\.1:\d+)$/m))[1] ?? '';
    await new Promise((r) => setTimeout(r, 2500)); // boot (400 ms + 1.5 s POST)
    const { code, stdout } = await runInProcess(['rapi', `tcp://${port}`, 'GV']);
    expect(stdout).toMatch(/^OK 5\.0\.1 4\.0\.1/);
    expect(code).toBe(0);
    expect(await old.stop('SIGINT')).toBe(0);
  }, 60_000);

  it('names the 8.2.3 build by default', async () => {
    expect(emulator.stdout()).toMatch(
      /^Emulated OpenEVSE station: firmware 8\.2\.3 \(RAPI 5\.2\.1, arduino build\)$/m,
    );
  });
});

describe.skipIf(!existsSync('/usr/bin/socat'))('evse emulate --pty', () => {
  it('serves a pseudo-terminal that evse rapi opens as a serial device, and removes it on Ctrl-C', async () => {
    const pty = startCli(['emulate', '--pty', '--no-tcp', '--no-http']);
    const path = (await pty.waitFor(/^PTY ready at (\S+)$/m))[1] ?? '';
    expect(existsSync(path)).toBe(true);
    await pty.waitFor(/^state notConnected/m); // booted (RAPI.md §4.1): it answers now
    const { code, stdout, stderr } = await runInProcess(['rapi', path, 'GV']);
    expect(stderr).toBe('');
    expect(stdout).toBe('OK 8.2.3 5.2.1  (firmware 8.2.3, RAPI 5.2.1)\n');
    expect(code).toBe(0);
    expect(await pty.stop('SIGINT')).toBe(0);
    expect(existsSync(path)).toBe(false);
  }, 60_000);
});

/** A port on 127.0.0.1 that was free a moment ago (nothing listens on it). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}
