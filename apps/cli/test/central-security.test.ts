// `evse central` with security profiles (STEVE.md §1.2): --password or $EVSE_OCPP_PASSWORD
// (Basic auth on the upgrade, 401 otherwise), --tls-cert/--tls-key (wss://, a throw-away CA
// made in the test), --tls-ca (client certificates); the password appears in no output and
// no log line; usage errors name the option (exit 2).

import { writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { upgradeStatus } from '../../../packages/ocpp16/test/support/upgrade.js';
import { makePki, type Pki } from '../../../packages/ocppj/test/support/pki.js';
import { killAll, runCli, startCli } from '../../../test/support/evse-cli.js';

const PASSWORD = 'correct-horse-battery-staple';
const basic = (password: string) => `Basic ${Buffer.from(`CP-1:${password}`).toString('base64')}`;

let pki: Pki;
let dir = '';
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
beforeAll(async () => {
  pki = makePki();
  dir = await mkdtemp(join(tmpdir(), 'evse-cli-tls-'));
});
afterAll(async () => {
  pki?.cleanup();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => killAll());

describe('evse central --password / --tls-*', () => {
  it('serves wss:// with Basic auth from $EVSE_OCPP_PASSWORD, 1.6 and 1.5, never showing the password', async () => {
    const log = join(dir, 'ocpp.jsonl');
    const cs = startCli(
      [
        'central',
        '--listen',
        '127.0.0.1:0',
        '--allow',
        'CP-1',
        '--tls-cert',
        file('cs.pem', pki.serverCert),
        '--tls-key',
        file('cs.key', pki.serverKey),
        '--log',
        log,
      ],
      { EVSE_OCPP_PASSWORD: PASSWORD },
    );
    const url = (await cs.waitFor(/^OCPP endpoint (wss:\/\/127\.0\.0\.1:\d+\/\S+)$/m))[1] ?? '';
    await cs.waitFor(/^Charge points connect to .*\(OCPP 1\.6J or 1\.5J\), with HTTP Basic auth/m);
    const ca = pki.ca;
    const v16 = { 'sec-websocket-protocol': 'ocpp1.6' };
    expect(await upgradeStatus(`${url}/CP-1`, v16, { ca })).toBe(401);
    expect(
      await upgradeStatus(`${url}/CP-1`, { ...v16, authorization: basic('wrong') }, { ca }),
    ).toBe(401);
    expect(
      await upgradeStatus(`${url}/CP-1`, { ...v16, authorization: basic(PASSWORD) }, { ca }),
    ).toBe(101);
    expect(
      await upgradeStatus(
        `${url}/CP-1`,
        { 'sec-websocket-protocol': 'ocpp1.5', authorization: basic(PASSWORD) },
        { ca },
      ),
    ).toBe(101);
    await cs.waitFor(/^refused .*\/CP-1: HTTP 401 wrong credentials$/m);
    expect(await cs.stop('SIGINT')).toBe(0);
    const everything = [cs.stdout(), cs.stderr(), await readFile(log, 'utf8')].join('\n');
    expect(everything).toContain('HTTP 401');
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(basic(PASSWORD).slice(6));
  }, 60_000);

  it('with --tls-ca requires a client certificate of that CA', async () => {
    const cs = startCli([
      'central',
      '--listen',
      '127.0.0.1:0',
      '--allow',
      'CP-1',
      '--tls-cert',
      file('cs3.pem', pki.serverCert),
      '--tls-key',
      file('cs3.key', pki.serverKey),
      '--tls-ca',
      file('ca.pem', pki.ca),
    ]);
    const url = (await cs.waitFor(/^OCPP endpoint (wss:\/\/\S+)$/m))[1] ?? '';
    const v16 = { 'sec-websocket-protocol': 'ocpp1.6' };
    const ca = pki.ca;
    expect(await upgradeStatus(`${url}/CP-1`, v16, { ca })).toBe(401);
    expect(
      await upgradeStatus(`${url}/CP-1`, v16, { ca, cert: pki.clientCert, key: pki.clientKey }),
    ).toBe(101);
    expect(await cs.stop('SIGINT')).toBe(0);
  }, 60_000);

  it('names the option of a usage error (exit 2) and an unreadable file (exit 1)', async () => {
    const noKey = await runCli(['central', '--tls-cert', file('c.pem', pki.serverCert)]);
    expect([noKey.code, noKey.stderr]).toEqual([
      2,
      expect.stringMatching(/--tls-cert: needs --tls-key/),
    ]);
    const noCert = await runCli(['central', '--tls-ca', file('a.pem', pki.ca)]);
    expect([noCert.code, noCert.stderr]).toEqual([
      2,
      expect.stringMatching(/--tls-ca: needs --tls-cert/),
    ]);
    const empty = await runCli(['central'], { env: { EVSE_OCPP_PASSWORD: '' } });
    expect([empty.code, empty.stderr]).toEqual([
      2,
      expect.stringMatching(/\$EVSE_OCPP_PASSWORD: must not be empty/),
    ]);
    const missing = await runCli([
      'central',
      '--tls-cert',
      join(dir, 'missing.pem'),
      '--tls-key',
      join(dir, 'missing.key'),
    ]);
    expect([missing.code, missing.stderr]).toEqual([
      1,
      expect.stringMatching(/cannot read --tls-cert .*missing\.pem/),
    ]);
  }, 60_000);
});
