import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const pkgDir = new URL('../', import.meta.url);
const readme = readFileSync(new URL('README.md', pkgDir), 'utf8');
const example = new URL('examples/central-usage.ts', pkgDir);
const tsx = new URL('../../node_modules/.bin/tsx', pkgDir);

/** The first fenced block of `lang` after `heading`. */
function block(heading: string, lang: string): string {
  const start = readme.indexOf(heading);
  if (start < 0) throw new Error(`README has no ${heading}`);
  const m = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(readme.slice(start));
  if (!m?.[1]) throw new Error(`no \`\`\`${lang} block after ${heading}`);
  return m[1];
}

describe('README', () => {
  it('the Usage block is examples/central-usage.ts (typechecked with the package)', () => {
    expect(block('## Usage', 'ts')).toBe(readFileSync(example, 'utf8'));
  });

  it('the Usage example (central system + RPC endpoint) runs and prints what the README says', async () => {
    const { stdout } = await run(tsx.pathname, ['--conditions=@evse/source', example.pathname], {
      cwd: pkgDir.pathname,
      timeout: 60_000,
    });
    expect(stdout).toBe(block('## Usage', 'text'));
  }, 60_000);

  it('documents both sections this package part owns', () => {
    expect(readme).toContain('## Wire layer');
    expect(readme).toContain('## Central system');
  });
});
