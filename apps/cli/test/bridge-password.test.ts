// `evse bridge --password / EVSE_OCPP_PASSWORD / --ca / --cert / --key` (OCPP security profiles,
// issue 15) as a child process: behind an endpoint that asks for HTTP Basic auth, a wrong
// password is one readable line and retried, the right one boots; the password is never
// printed; unreadable or incomplete TLS files are usage errors naming the option.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CentralSystem, createCentralSystem } from '@evse/ocpp15';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll, runCli, startCli } from '../../../test/support/evse-cli.js';
import { type BasicAuthProxy, startBasicAuthProxy } from './support/basic-auth-proxy.js';

const PASSWORD = 'c0rrect-horse';
let cs: CentralSystem;
let proxy: BasicAuthProxy;
let ocpp: string;

beforeAll(async () => {
  cs = await createCentralSystem({ port: 0 });
  proxy = await startBasicAuthProxy(cs.port, PASSWORD);
  ocpp = cs.url.replace(`:${cs.port}/`, `:${proxy.port}/`);
});
afterAll(async () => {
  await killAll();
  await proxy.close();
  await cs.close();
});

describe('evse bridge with a password (security profile 1)', () => {
  it('says in one line that a wrong password was refused, retries, and never prints it', async () => {
    const before = proxy.attempts.refused;
    const cli = startCli(['bridge', '--port', 'emulator', '--ocpp', ocpp, '--id', 'CP-SEC'], {
      EVSE_OCPP_PASSWORD: 'not-the-password',
    });
    await cli.waitFor(/401|unauthori[sz]ed/i, 30_000);
    await expect
      .poll(() => proxy.attempts.refused - before, { timeout: 30_000 })
      .toBeGreaterThan(1);
    await cli.stop('SIGINT');
    const printed = cli.stdout() + cli.stderr();
    expect(printed).not.toContain('not-the-password');
    // The same refusal is said once, not once per attempt.
    expect(printed.match(/401|unauthori[sz]ed/gi)?.length ?? 0).toBeLessThanOrEqual(2);
  }, 90_000);

  it('boots with the right password from --password, and does not print it', async () => {
    const cli = startCli([
      'bridge',
      '--port',
      'emulator',
      '--ocpp',
      ocpp,
      '--id',
      'CP-SEC',
      '--password',
      PASSWORD,
    ]);
    await cli.waitFor(/BootNotification Accepted/, 30_000);
    await cli.stop('SIGINT');
    expect(cli.stdout() + cli.stderr()).not.toContain(PASSWORD);
    expect(cs.stations().some((s) => s.chargeBoxId === 'CP-SEC')).toBe(true);
  }, 90_000);
});

describe('evse fleet with a password', () => {
  it('boots every station through the Basic-auth endpoint and never prints the password', async () => {
    const refused = proxy.attempts.refused;
    const { stdout, stderr } = await runCli(
      ['fleet', '--count', '2', '--ocpp', ocpp, '--id-prefix', 'CP-SEC', '--duration', '6'],
      { env: { EVSE_OCPP_PASSWORD: PASSWORD } },
    );
    expect(stdout).toMatch(/booted 2\b/);
    expect(stdout + stderr).not.toContain(PASSWORD);
    expect(proxy.attempts.refused).toBe(refused);
  }, 90_000);
});

describe('evse bridge TLS options are checked before anything connects', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evse-tls-args-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const text = join(dir, 'notes.txt');
  const pem = join(dir, 'cert.pem');
  writeFileSync(text, 'not a certificate\n');
  writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
  const base = ['bridge', '--port', 'emulator', '--id', 'CP-SEC'];
  const wss = ['--ocpp', 'wss://127.0.0.1:1/ocpp'];
  it.each([
    [[...wss, '--ca', join(dir, 'missing.pem')], /--ca \S+missing\.pem: cannot read it \(ENOENT\)/],
    [[...wss, '--cert', text], /--cert \S+notes\.txt: not a PEM file/],
    [[...wss, '--cert', pem], /--cert needs --key/],
    [['--ocpp', 'ws://127.0.0.1:1/ocpp', '--ca', pem], /--ca: needs a wss:\/\/ url/],
  ])(
    '%j is a usage error naming the option',
    async (args, message) => {
      const { code, stderr } = await runCli([...base, ...args]);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
    },
    60_000,
  );
});
