// `evse central --log` at a path that cannot be written fails at start with one line naming
// the option, before any ready line (AUDIT-2026-12.md #9); a good path gets the frames.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { killAll, runCli, startCli } from '../../../test/support/evse-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'evse-central-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => killAll());

describe('evse central --log', () => {
  it.each([
    ['a missing directory', join(dir, 'nowhere', 'x.jsonl'), 'ENOENT'],
    ['a directory', dir, 'EISDIR'],
  ])(
    '%s: "cannot write --log", exit 1, nothing listening',
    async (_what, file, code) => {
      const result = await runCli(['central', '--listen', '127.0.0.1:0', '--log', file]);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(new RegExp(`^evse: cannot write --log ${file}: .*${code}`));
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(result.code).toBe(1);
    },
    30_000,
  );

  it('a writable path gets one JSON line per frame', async () => {
    const file = join(dir, 'ocpp.jsonl');
    const central = startCli(['central', '--listen', '127.0.0.1:0', '--allow-any', '--log', file]);
    const url = (await central.waitFor(/^OCPP endpoint (ws:\S+)$/m))[1] ?? '';
    const bridge = startCli(['bridge', '--port', 'emulator', '--ocpp', url, '--id', 'CP-1']);
    await bridge.waitFor(/^BootNotification Accepted/m);
    await expect
      .poll(() => readFileSync(file, 'utf8'), { timeout: 10_000 })
      .toContain('BootNotification');
    for (const line of readFileSync(file, 'utf8').trimEnd().split('\n')) JSON.parse(line);
  }, 60_000);
});
