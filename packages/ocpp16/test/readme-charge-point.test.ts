import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readmeBlock, runExample } from '../../../test/support/readme.js';

const pkgDir = new URL('../', import.meta.url);
const readme = readFileSync(new URL('README.md', pkgDir), 'utf8');
const example = new URL('examples/charge-point-usage.ts', pkgDir);
const block = (lang: string) => readmeBlock(readme, '## Charge point', lang);

describe('README: Charge point', () => {
  it('the Charge point block is examples/charge-point-usage.ts (typechecked with the package)', () => {
    expect(block('ts')).toBe(readFileSync(example, 'utf8'));
  });

  it('the Charge point example prints what the README says', async () => {
    expect(await runExample(example, pkgDir)).toBe(block('text'));
  }, 90_000);
});
