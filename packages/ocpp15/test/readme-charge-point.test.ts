import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS } from '../src/charge-point/config.js';

const run = promisify(execFile);
const pkgDir = new URL('../', import.meta.url);
const readme = readFileSync(new URL('README.md', pkgDir), 'utf8');
const example = new URL('examples/charge-point-usage.ts', pkgDir);
const tsx = new URL('../../node_modules/.bin/tsx', pkgDir);

/** The first fenced block of `lang` after `heading`. */
function block(heading: string, lang: string): string {
  const start = readme.indexOf(heading);
  if (start < 0) throw new Error(`README has no ${heading}`);
  const m = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(readme.slice(start));
  if (!m?.[1]) throw new Error(`no \`\`\`${lang} block after ${heading}`);
  return m[1];
}

describe('README: charge point', () => {
  it('the usage block is examples/charge-point-usage.ts (typechecked with the package)', () => {
    expect(block('## Charge point', 'ts')).toBe(readFileSync(example, 'utf8'));
  });

  it('the usage example (emulator → Station → charge point → central system) prints what the README says', async () => {
    const { stdout } = await run(tsx.pathname, ['--conditions=@evse/source', example.pathname], {
      cwd: pkgDir.pathname,
      timeout: 90_000,
    });
    expect(stdout).toBe(block('## Charge point', 'text'));
  }, 90_000);

  it('documents every configuration key', () => {
    const section = readme.slice(readme.indexOf('### Configuration keys'));
    for (const key of Object.keys(CONFIG_KEYS)) expect(section).toContain(`\`${key}\``);
  });
});
