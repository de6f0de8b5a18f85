import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readmeBlock, runExample } from './support/readme.js';

const execFileAsync = promisify(execFile);
const root = new URL('../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const example = new URL('examples/quickstart.ts', root);
const block = (heading: string, lang: string) => readmeBlock(readme, heading, lang);

describe('root README', () => {
  it('the library example is examples/quickstart.ts (typechecked by the root tsconfig)', () => {
    expect(block('## Use it as a library', 'ts')).toBe(readFileSync(example, 'utf8'));
  });

  it('the library example runs and prints what the README says', async () => {
    expect(await runExample(example, root)).toBe(block('## Use it as a library', 'text'));
  }, 60_000);

  it('states how to run the example without a build, and that command works', async () => {
    // AUDIT-2026-12.md #24: a bare `npx tsx examples/quickstart.ts` needs packages' dist/.
    const command = /`(npx tsx --conditions=@evse\/source examples\/quickstart\.ts)`/.exec(
      readme,
    )?.[1];
    expect(command).toBeDefined();
    const [cmd = '', ...args] = (command ?? '').split(' ');
    const { stdout } = await execFileAsync(cmd, args, {
      cwd: fileURLToPath(root),
      timeout: 60_000,
    });
    expect(stdout).toBe(block('## Use it as a library', 'text'));
  }, 90_000);

  it('states the two commands .ci/run relies on', () => {
    const ci = readFileSync(new URL('.ci/run', root), 'utf8');
    const testCommand =
      'npx -y pnpm@10.34.9 install --frozen-lockfile && npx -y pnpm@10.34.9 check';
    expect(readme).toContain(testCommand);
    expect(ci).toContain(testCommand);
    expect(readme).toContain('npx -y pnpm@10.34.9 install && npx -y pnpm@10.34.9 -s demo');
  });
});
