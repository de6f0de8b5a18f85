// `evse demo` in a child process: the whole story (emulator, central system, bridge and the
// scripted session) in one command, as the README's run command starts it.
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { killAll, runCli, startCli } from '../../../test/support/evse-cli.js';
import { apiStatus, expectDashboardPage, readInit } from './support/dashboard.js';
import { runInProcess } from './support/memory-io.js';

afterEach(() => killAll());

const ANY_PORTS = ['--tcp', '127.0.0.1:0', '--http', '127.0.0.1:0', '--listen', '127.0.0.1:0'];

const SUMMARY =
  /^Session complete: transaction 1, (\d+) Wh by the station's meter, (\d+) Wh recorded by the central system$/m;

/**
 * The steps, in the order they must be reported: OCPP 1.6 (the default) has two more, the
 * central system's 10 A charging profile and its clearing. (The dashboard starts with the
 * charge point, so its lines come after the OCPP endpoint, in any order with the boot.)
 */
function story(version: '1.5' | '1.6'): RegExp[] {
  const total = version === '1.6' ? 8 : 6;
  let n = 0;
  const step = (text: string) => new RegExp(`^Step ${++n}/${total}: ${text}$`, 'm');
  return [
    /^TCP listening on 127\.0\.0\.1:\d+$/m,
    /^OCPP endpoint ws:\/\/127\.0\.0\.1:\d+\/steve\/websocket\/CentralSystemService$/m,
    /^ {2}charge point: BootNotification Accepted/m,
    step('plug the EV in'),
    step('swipe card DEMO-TAG-1'),
    /^ {2}central system: EVSE-DEMO-1 Authorize DEMO-TAG-1: Accepted$/m,
    /^ {2}charge point: StartTransaction accepted: transaction 1$/m,
    step('the EV asks for charge'),
    /^ {2}charging: \d+\.\d A, \d+\.\d V, \d\.\d{3} kWh this session$/m,
    ...(version === '1.6'
      ? [
          step('the central system limits transaction 1 to 10 A \\(SetChargingProfile\\)'),
          /^ {2}central system: EVSE-DEMO-1 SetChargingProfile TxProfile 1, 10 A: Accepted$/m,
          /^ {2}charging: \d+\.\d A, .* \(10 A or less: the profile holds\)$/m,
          /^ {2}charging: \d+\.\d A, .* \(still 10 A or less\)$/m,
          step('the central system clears the limit \\(ClearChargingProfile\\)'),
          /^ {2}central system: EVSE-DEMO-1 ClearChargingProfile 1: Accepted$/m,
          /^ {2}charging: \d+\.\d A, .* \(above 10 A again: no profile limits it\)$/m,
        ]
      : []),
    step('stop: swipe card DEMO-TAG-1 again'),
    /^ {2}central system: EVSE-DEMO-1 StopTransaction transaction 1, meter \d+ Wh$/m,
    step('the EV stops asking for charge'),
    step('unplug the EV'),
    SUMMARY,
  ];
}

function expectStory(stdout: string, version: '1.5' | '1.6' = '1.6'): void {
  expect(stdout).toMatch(
    /^OCPP endpoint .*\n(.*\n)*Control API listening on (http:\/\/127\.0\.0\.1:\d+)\nDashboard at \2\/\n(.*\n)*Scripted session:$/m,
  );
  expectSteps(stdout, story(version));
}

/** Each of `steps` matches, in this order, and the metered energy is the central system's. */
function expectSteps(stdout: string, steps: readonly RegExp[]): void {
  let from = 0;
  for (const step of steps) {
    const match = step.exec(stdout.slice(from));
    expect(match, `${step} after offset ${from}\n${stdout}`).not.toBeNull();
    from += (match?.index ?? 0) + (match?.[0].length ?? 0);
  }
  const summary = SUMMARY.exec(stdout);
  // The energy the station metered is the energy the central system recorded, and some was.
  expect(Number(summary?.[1])).toBeGreaterThan(0);
  expect(summary?.[1]).toBe(summary?.[2]);
}

/** The amps of the `charging:` line that ends with `note`. */
const ampsWith = (stdout: string, note: string): number =>
  Number(new RegExp(`^ {2}charging: (\\d+\\.\\d) A, .* \\(${note}\\)$`, 'm').exec(stdout)?.[1]);

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

  it.each([
    // The default: the central system's 10 A profile holds the EV to 10 A, then is cleared.
    { name: 'by default', argv: [], version: '1.6', first: '(OCPP 1.6)' },
    {
      name: 'with --ocpp-version 1.6',
      argv: ['--ocpp-version', '1.6'],
      version: '1.6',
      first: '(OCPP 1.6)',
    },
    // The demo's central system serves both and picks 1.6 when offered both (STEVE.md §1.2).
    {
      name: 'with --ocpp-version auto',
      argv: ['--ocpp-version', 'auto'],
      version: '1.6',
      first: "(OCPP 1.6, the central system's pick)",
    },
    // 1.5J: the session as before 1.6, no profile steps.
    {
      name: 'with --ocpp-version 1.5',
      argv: ['--ocpp-version', '1.5'],
      version: '1.5',
      first: '(OCPP 1.5)',
    },
  ] as const)(
    '--once $name plays the OCPP $version session and exits 0',
    async ({ argv, version, first }) => {
      const { code, stdout, stderr } = await runCli(
        ['demo', '--once', '--speed', '4', ...argv, ...ANY_PORTS],
        { timeoutMs: 50_000 },
      );
      expect(stderr).toBe('');
      expect(stdout.split('\n')[0]).toBe(
        `evse demo: an emulated OpenEVSE station, a SteVe-like central system and the OCPP bridge ${first}`,
      );
      expectStory(stdout, version);
      // auto's probe is over before the charge point connects: no stray disconnect first.
      expect(/^ {2}central system: (.*)$/m.exec(stdout)?.[1]).toBe('EVSE-DEMO-1 connected');
      if (version === '1.6') {
        // What the meter read, not just what the line says: held to 10 A, then above it again.
        expect(ampsWith(stdout, '10 A or less: the profile holds')).toBeLessThanOrEqual(10);
        expect(ampsWith(stdout, 'still 10 A or less')).toBeLessThanOrEqual(10);
        expect(ampsWith(stdout, 'above 10 A again: no profile limits it')).toBeGreaterThan(10);
      } else {
        expect(stdout).not.toMatch(/ChargingProfile/);
      }
      expect(code).toBe(0);
    },
    60_000,
  );

  it('--ocpp-version 2.0 is a usage error naming the option', async () => {
    const { code, stdout, stderr } = await runCli(['demo', '--ocpp-version', '2.0', ...ANY_PORTS]);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^error: option '--ocpp-version <version>' argument '2\.0' is invalid\. expected 1\.5, 1\.6 or auto\n/,
    );
    expect(code).toBe(2);
  }, 30_000);

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
      const story16 = story('1.6');
      const steps = [
        /^ {2}charge point: EVSE put to sleep \(\$FS\) at start/m,
        new RegExp(`^Step 1/8: ${first}$`, 'm'),
        new RegExp(`^Step 2/8: ${second}$`, 'm'),
        ...story16.slice(story16.findIndex((r) => r.source.includes('StartTransaction accepted'))),
      ];
      expect(stdout).toMatch(/^ {2}central system: EVSE-DEMO-1 Authorize DEMO-TAG-1: Accepted$/m);
      expectSteps(stdout, steps);
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
