import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const pkgDir = new URL('../', import.meta.url);

it('runs the README usage example and prints what the README says', async () => {
  const readme = readFileSync(new URL('README.md', pkgDir), 'utf8');
  const section = readme.split('## Usage')[1] ?? '';
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  const printed = /prints\n\n```text\n([\s\S]*?)```/.exec(section)?.[1];
  expect(code).toBeDefined();
  expect(printed).toBeDefined();
  const file = new URL(`readme-usage-${process.pid}.tmp.mts`, pkgDir);
  writeFileSync(file, code ?? '');
  try {
    const { stdout } = await promisify(execFile)(
      'npx',
      ['tsx', '--conditions=@evse/source', file.pathname],
      { cwd: pkgDir.pathname, timeout: 60_000 },
    );
    expect(stdout).toBe(printed);
  } finally {
    rmSync(file, { force: true });
  }
}, 60_000);

it('shows the committed screenshot', () => {
  const readme = readFileSync(new URL('README.md', pkgDir), 'utf8');
  expect(readme).toContain('](docs/dashboard.png)');
  const png = readFileSync(new URL('docs/dashboard.png', pkgDir));
  expect(png.subarray(1, 4).toString()).toBe('PNG');
});
