import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readmeBlock, runExample } from '../../../test/support/readme.js';

const pkgDir = new URL('../', import.meta.url);
const readme = readFileSync(new URL('README.md', pkgDir), 'utf8');
const example = new URL('examples/central-usage.ts', pkgDir);
const block = (lang: string) => readmeBlock(readme, '## Central system', lang);

describe('README: Central system', () => {
  it('the Central system block is examples/central-usage.ts (typechecked with the package)', () => {
    expect(block('ts')).toBe(readFileSync(example, 'utf8'));
  });

  it('the Central system example prints what the README says', async () => {
    expect(await runExample(example, pkgDir)).toBe(block('text'));
  }, 90_000);
});
