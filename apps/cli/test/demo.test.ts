// `evse demo` in a child process: the whole story (emulator, central system, bridge and the
// scripted session) in one command, as the README's run command starts it.
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { killAll, runCli, startCli } from '../../../test/support/evse-cli.js';
import { apiStatus, expectDashboardPage, readInit } from './support/dashboard.js';
import { runInProcess } from './support/memory-io.js';

afterEach(() => killAll());

const ANY_PORTS = ['--tcp', '127.0.0.1:0', '--http', '127.0.0.1:0', '--listen', '127.0.0.1:0'];

// The steps, in the order they must be reported. (The dashboard starts with the charge
// point, so its lines come after the OCPP endpoint, in any order with the boot.)
const STORY = [
  /^TCP listening on 127\.0\.0\.1:\d+$/m,
  /^OCPP endpoint ws:\/\/127\.0\.0\.1:\d+\/steve\/websocket\/CentralSystemService$/m,
  /^ {2}charge point: BootNotification Accepted/m,
  /^Step 1\/6: plug the EV in$/m,
  /^Step 2\/6: swipe card DEMO-TAG-1$/m,
  /^ {2}central system: EVSE-DEMO-1 Authorize DEMO-TAG-1: Accepted$/m,
  /^ {2}charge point: StartTransaction accepted: transaction 1$/m,
  /^Step 3\/6: the EV asks for charge$/m,
  /^ {2}charging: \d+\.\d A, \d+\.\d V, \d\.\d{3} kWh this session$/m,
  /^Step 4\/6: stop: swipe card DEMO-TAG-1 again$/m,
  /^ {2}central system: EVSE-DEMO-1 StopTransaction transaction 1, meter \d+ Wh$/m,
  /^Step 5\/6: the EV stops asking for charge$/m,
  /^Step 6\/6: unplug the EV$/m,
  /^Session complete: transaction 1, (\d+) Wh by the station's meter, (\d+) Wh recorded by the central system$/m,
];

function expectStory(stdout: string): void {
  expect(stdout).toMatch(
    /^OCPP endpoint .*\n(.*\n)*Control API listening on (http:\/\/127\.0\.0\.1:\d+)\nDashboard at \2\/\n(.*\n)*Scripted session:$/m,
  );
  expectSteps(stdout, STORY);
}

/** Each of `steps` matches, in this order, and the metered energy is the central system's. */
function expectSteps(stdout: string, steps: readonly RegExp[]): void {
  let from = 0;
  for (const step of steps) {
    const match = step.exec(stdout.slice(from));
    expect(match, `${step} after offset ${from}\n${stdout}`).not.toBeNull();
    from += (match?.index ?? 0) + (match?.[0].length ?? 0);
  }
  const summary = STORY.at(-1)?.exec(stdout);
  // The energy the station metered is the energy the central system recorded, and some was.
  expect(Number(summary?.[1])).toBeGreaterThan(0);
  expect(summary?.[1]).toBe(summary?.[2]);
}

describe('evse demo', () => {
  it('the root package.json runs it as the README says', async () => {
    const root = new URL('../../../', import.meta.url);
    const pkg = JSON.parse(await readFile(new URL('package.json', root), 'utf8')) as {
      scripts: { demo?: string; evse?: string };
    };
    expect(pkg.scripts.demo).toBe('node apps/cli/bin/evse.js demo');
    expect(pkg.scripts.evse).toBe('node apps/cli/bin/evse.js');
    const readme = await readFile(new URL('README.md', root), 'utf8');
    expect(readme).toContain('npx -y pnpm@10.34.9 -s demo');
  });

  it('--once plays the scripted session and exits 0', async () => {
    const { code, stdout, stderr } = await runCli(
      ['demo', '--once', '--speed', '4', ...ANY_PORTS],
      {
        timeoutMs: 50_000,
      },
    );
    expect(stderr).toBe('');
    expectStory(stdout);
    expect(code).toBe(0);
  }, 60_000);

  it.each([
    // 5.0.1: the plug while asleep comes from `$G0` polls; the usual order.
    ['5.0.1', '4.0.1', ['plug the EV in', 'swipe card DEMO-TAG-1']],
    // 3.11.3: a sleeping EVSE cannot show the plug, so the card comes first.
    ['3.11.3', '1.0.3', ['swipe card DEMO-TAG-1', 'plug the EV in']],
  ])(
    '--once --firmware %s completes a gated session',
    async (firmware, rapi, [first, second]) => {
      const { code, stdout, stderr } = await runCli(
        ['demo', '--once', '--speed', '4', '--firmware', firmware, ...ANY_PORTS],
        { timeoutMs: 50_000 },
      );
      expect(stderr).toBe('');
      expect(stdout).toContain(`Emulated controller: firmware ${firmware} (RAPI ${rapi})\n`);
      const story = [
        /^ {2}charge point: EVSE put to sleep \(\$FS\) at start/m,
        new RegExp(`^Step 1/6: ${first}$`, 'm'),
        new RegExp(`^Step 2/6: ${second}$`, 'm'),
        ...STORY.slice(STORY.findIndex((r) => r.source.includes('StartTransaction accepted'))),
      ];
      expect(stdout).toMatch(/^ {2}central system: EVSE-DEMO-1 Authorize DEMO-TAG-1: Accepted$/m);
      expectSteps(stdout, story);
      expect(code).toBe(0);
    },
    60_000,
  );

  it('stays up after the session for evse ev, and Ctrl-C shuts everything down', async () => {
    const demo = startCli(['demo', '--speed', '4', ...ANY_PORTS]);
    const http = (await demo.waitFor(/^Control API listening on (\S+)$/m))[1] ?? '';
    const wifi = (await demo.waitFor(/^WiFi module API listening on (http:\S+)/m))[1] ?? '';
    await demo.waitFor(/^\(in a checkout without the bin linked/m, 50_000);
    // The WiFi module's API next to the dashboard: the OCPP claim holds the EVSE asleep.
    const module = (await (await fetch(`${wifi}/status`)).json()) as Record<string, unknown>;
    expect(module).toMatchObject({ state: 254, status: 'disabled', ocpp_connected: 1 });
    expectStory(demo.stdout());
    expect(demo.stdout()).toContain(`evse ev connect --http ${http}`);
    expect(demo.stdout()).toContain(`Open ${http}/ in a browser`);
    const status = await runInProcess(['ev', 'status', '--http', http]);
    // Held asleep until the next authorization (the pilot field is stale while asleep).
    expect(status.stdout).toMatch(/^state sleeping /);
    // The same address serves the dashboard, with the session's RAPI and OCPP traffic.
    await expectDashboardPage(http);
    const init = await readInit(http);
    // The swipe field offers the tag the demo's central system accepts (AUDIT-2026-12.md #25).
    expect(init).toMatchObject({ title: 'evse demo', controls: 'emulator', cardTag: 'DEMO-TAG-1' });
    expect(init.panels).toMatchObject({ station: true, rapi: true, ocpp: true });
    expect(init.status?.state).toBe('sleeping');
    const actions = init.ocpp.filter((l) => l.dir === 'tx').map((l) => l.action);
    expect(actions).toEqual(
      expect.arrayContaining(['BootNotification', 'StartTransaction', 'StopTransaction']),
    );
    expect(init.rapi.some((l) => l.dir === 'tx' && l.line.startsWith('$GG'))).toBe(true);
    expect(await apiStatus(http)).toMatchObject({ state: 'sleeping' });
    expect(await demo.stop('SIGINT')).toBe(0);
    expect(demo.stdout()).toMatch(/\nShutting down\n(.*\n)*Stopped\n$/);
    expect(demo.stderr()).toBe('');
  }, 60_000);
});
