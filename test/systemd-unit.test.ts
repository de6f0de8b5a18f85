/**
 * deploy/systemd/evse-bridge.service (issue 14 item 5) checked by systemd itself:
 * `systemd-analyze verify` parses the unit as systemd would load it. Without systemd as PID 1
 * (a container, CI) it still parses every directive, resolves ExecStart's binary and exits 0,
 * but reports an unknown directive only as a warning on stderr: so the unit must verify with
 * no output at all, and a copy with one directive misspelt must not.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ANALYZE = '/usr/bin/systemd-analyze';
const unitPath = fileURLToPath(new URL('../deploy/systemd/evse-bridge.service', import.meta.url));
const unit = readFileSync(unitPath, 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'evse-unit-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function verify(text: string): Promise<{ code: number; output: string }> {
  // The file name is the unit name: it must end in .service.
  const path = join(scratch, 'evse-bridge.service');
  writeFileSync(path, text);
  return new Promise((resolve) => {
    execFile(ANALYZE, ['verify', path], { timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}`.trim() });
    });
  });
}

describe('deploy/systemd/evse-bridge.service', () => {
  it('is hardened as the README says', () => {
    for (const line of [
      'DynamicUser=yes',
      'SupplementaryGroups=dialout',
      'StateDirectory=evse',
      'Restart=on-failure',
      'ProtectSystem=strict',
      'ProtectHome=yes',
      'NoNewPrivileges=yes',
      'PrivateTmp=yes',
      'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6',
      'EnvironmentFile=-/etc/evse/bridge.env',
      'ExecStart=/usr/bin/env evse bridge --config /etc/evse/bridge.toml',
    ])
      expect(unit.split('\n')).toContain(line);
  });

  // .ci/apt-packages installs systemd, so CI always runs this; elsewhere it may be absent.
  it.runIf(existsSync(ANALYZE))(
    'passes systemd-analyze verify without a warning',
    async () => {
      expect(await verify(unit)).toEqual({ code: 0, output: '' });
    },
    60_000,
  );

  it.runIf(existsSync(ANALYZE))(
    'fails verify with a directive misspelt',
    async () => {
      const r = await verify(unit.replace('ProtectHome=yes', 'ProtectHomme=yes'));
      expect(r.output).toMatch(/Unknown key 'ProtectHomme'/);
    },
    60_000,
  );

  it.runIf(existsSync(ANALYZE))(
    'fails verify when ExecStart names no executable',
    async () => {
      const r = await verify(
        unit.replace('ExecStart=/usr/bin/env', 'ExecStart=/usr/bin/no-such-env'),
      );
      expect(r.code).not.toBe(0);
      expect(r.output).toMatch(/no-such-env/);
    },
    60_000,
  );
});
