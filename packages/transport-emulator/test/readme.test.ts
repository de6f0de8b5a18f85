import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const pkgDir = new URL('../', import.meta.url);

it('runs the README usage example', async () => {
  const readme = readFileSync(new URL('README.md', pkgDir), 'utf8');
  const section = readme.split('## Usage')[1] ?? '';
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  expect(code).toBeDefined();
  const file = new URL(`readme-usage-${process.pid}.tmp.mts`, pkgDir);
  writeFileSync(file, code ?? '');
  try {
    const { stdout } = await promisify(execFile)(
      'npx',
      ['tsx', '--conditions=@evse/source', file.pathname],
      { cwd: pkgDir.pathname, timeout: 60_000 },
    );
    expect(stdout.trim().split('\n')).toEqual(['$OK 03 1799 03 0540^27', 'true']);
  } finally {
    rmSync(file, { force: true });
  }
}, 60_000);
