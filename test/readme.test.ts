import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const example = new URL('examples/quickstart.ts', root);
const tsx = new URL('node_modules/.bin/tsx', root);

/** The fenced block of `lang` that follows `heading` in the root README. */
function block(heading: string, lang: string): string {
  const start = readme.indexOf(heading);
  if (start < 0) throw new Error(`README has no ${heading}`);
  const m = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(readme.slice(start));
  if (!m?.[1]) throw new Error(`no \`\`\`${lang} block after ${heading}`);
  return m[1];
}

describe('root README', () => {
  it('the library example is examples/quickstart.ts (typechecked by the root tsconfig)', () => {
    expect(block('## Use it as a library', 'ts')).toBe(readFileSync(example, 'utf8'));
  });

  it('the library example runs and prints what the README says', async () => {
    const { stdout } = await run(tsx.pathname, ['--conditions=@evse/source', example.pathname], {
      cwd: root.pathname,
      timeout: 60_000,
    });
    expect(stdout).toBe(block('## Use it as a library', 'text'));
  }, 60_000);

  it('states the two commands .ci/run relies on', () => {
    const ci = readFileSync(new URL('.ci/run', root), 'utf8');
    const testCommand =
      'npx -y pnpm@10.34.9 install --frozen-lockfile && npx -y pnpm@10.34.9 check';
    expect(readme).toContain(testCommand);
    expect(ci).toContain(testCommand);
    expect(readme).toContain('npx -y pnpm@10.34.9 install && npx -y pnpm@10.34.9 demo');
  });
});
