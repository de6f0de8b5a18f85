// The README's way to run `evse` through pnpm keeps stdout to evse's own output: `pnpm -s`
// prints no `> evse-monorepo@… evse …` banner, so JSON output parses (AUDIT-2026-12.md #20).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const INVOCATION = 'npx -y pnpm@10.34.9 -s evse';

describe('evse through pnpm, as the README says', () => {
  it('the README runs it with -s', () => {
    expect(readme).toContain(`\`${INVOCATION} <command>\``);
    expect(readme).not.toMatch(/pnpm@10\.34\.9 (evse|demo)/);
  });

  it('npx -y pnpm@10.34.9 -s evse chart --format json prints only the JSON', async () => {
    const [cmd = '', ...args] = INVOCATION.split(' ');
    const { stdout } = await run(cmd, [...args, 'chart', '--format', 'json'], {
      cwd: fileURLToPath(root),
      timeout: 90_000,
    });
    expect(stdout.startsWith('{')).toBe(true);
    expect(JSON.parse(stdout)).toMatchObject({ id: 'evse', initial: 'starting' });
  }, 120_000);
});
