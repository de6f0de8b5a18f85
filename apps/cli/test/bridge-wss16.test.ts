// Issue 15's "done when" over real processes: `evse central` serving wss:// with Basic auth
// (a throw-away CA made in the test), and `evse bridge --ocpp-version auto` with --ca and the
// password from EVSE_OCPP_PASSWORD: it picks 1.6, runs a transaction, and a 10 A charging
// profile sent from the central system's operator API brings the EV to 10 A or less within
// 5 s. A wrong password is one readable line, retried, never printed.
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makePki, type Pki } from '../../../packages/ocppj/test/support/pki.js';
import {
  type CliProcess,
  emulatedBridge,
  killAll,
  startCli,
} from '../../../test/support/evse-cli.js';
import { apiStatus } from './support/dashboard.js';
import { evAction } from './support/ev-action.js';

const PASSWORD = 'wss-correct-horse';
let pki: Pki;
let dir = '';
beforeAll(async () => {
  pki = makePki();
  dir = await mkdtemp(join(tmpdir(), 'evse-wss16-'));
});
afterAll(async () => {
  pki?.cleanup();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => killAll());

const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** POST to the central system's operator API over https, trusting the test CA. */
function operate(base: string, path: string, body: object): Promise<[number, unknown]> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}/api/ocpp/${path}`,
      { method: 'POST', ca: pki.ca, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => resolve([res.statusCode ?? 0, JSON.parse(text || 'null')]));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function startCentral(): Promise<{ cs: CliProcess; url: string; base: string }> {
  const cs = startCli(
    [
      'central',
      '--listen',
      '127.0.0.1:0',
      '--allow',
      'CP-W',
      '--tags',
      'TAG-W',
      '--tls-cert',
      file('cs.pem', pki.serverCert),
      '--tls-key',
      file('cs.key', pki.serverKey),
    ],
    { EVSE_OCPP_PASSWORD: PASSWORD },
  );
  const url = (await cs.waitFor(/^OCPP endpoint (wss:\/\/127\.0\.0\.1:\d+\/\S+)$/m))[1] ?? '';
  return { cs, url, base: url.replace(/^wss/, 'https').replace(/\/steve\/.*$/, '') };
}

const bridgeArgs = (url: string): string[] => [
  ...emulatedBridge(url, 'CP-W'),
  '--ocpp-version',
  'auto',
  '--ca',
  file('ca.pem', pki.ca),
  '--id-tag',
  'TAG-W',
  '--http',
  '127.0.0.1:0',
];

describe('evse bridge → evse central over wss:// with Basic auth, OCPP 1.6J', () => {
  it('a wrong password is one line, retried, and never printed', async () => {
    const { url } = await startCentral();
    const bridge = startCli(bridgeArgs(url), { EVSE_OCPP_PASSWORD: 'not-it' });
    await bridge.waitFor(/401|unauthori[sz]ed/i, 30_000);
    await new Promise((r) => setTimeout(r, 3000)); // at least one retry (1 s, then 2 s)
    await bridge.stop('SIGINT');
    const printed = bridge.stdout() + bridge.stderr();
    // One line says it, however many attempts were refused.
    expect(printed.split('\n').filter((l) => /401|unauthori[sz]ed/i.test(l))).toHaveLength(1);
    expect(printed).not.toContain('not-it');
  }, 90_000);

  it('picks 1.6, charges, and a 10 A profile from the operator API holds the EV to 10 A', async () => {
    const { cs, url, base } = await startCentral();
    const bridge = startCli(bridgeArgs(url), { EVSE_OCPP_PASSWORD: PASSWORD });
    await bridge.waitFor(/BootNotification Accepted/, 30_000);
    expect(bridge.stdout().split('\n')[0]).toBe("OCPP 1.6, the central system's pick");
    const station = (await bridge.waitFor(/^Dashboard at (\S+)\/$/m))[1] ?? '';
    await evAction(station, 'connect');
    await evAction(station, 'charge');
    await cs.waitFor(/CP-W transaction (\d+) started/, 30_000);
    const id = Number((cs.stdout().match(/CP-W transaction (\d+) started/) ?? [])[1]);
    await expect
      .poll(async () => (await apiStatus(station))['currentMa'], { timeout: 20_000 })
      .toBeGreaterThan(10_000);
    const [status, answer] = await operate(base, 'CP-W/SetChargingProfile', {
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 1,
        transactionId: id,
        stackLevel: 0,
        chargingProfilePurpose: 'TxProfile',
        chargingProfileKind: 'Relative',
        chargingSchedule: {
          chargingRateUnit: 'A',
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }],
        },
      },
    });
    expect([status, answer]).toEqual([200, { result: { status: 'Accepted' } }]);
    await expect
      .poll(async () => (await apiStatus(station))['currentMa'], { timeout: 5000, interval: 100 })
      .toBeLessThanOrEqual(10_000);
    await evAction(station, 'disconnect');
    await cs.waitFor(/CP-W transaction \d+ stopped/, 30_000);
    expect(await bridge.stop('SIGINT')).toBe(0);
    expect(bridge.stdout() + bridge.stderr() + cs.stdout() + cs.stderr()).not.toContain(PASSWORD);
  }, 120_000);
});
