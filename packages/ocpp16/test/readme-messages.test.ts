import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readmeBlock, runExample } from '../../../test/support/readme.js';

const pkgDir = new URL('../', import.meta.url);
const readme = readFileSync(new URL('README.md', pkgDir), 'utf8');
const example = new URL('examples/messages-usage.ts', pkgDir);
const block = (lang: string) => readmeBlock(readme, '## Messages', lang);

describe('README: Messages', () => {
  it('the Messages block is examples/messages-usage.ts (typechecked with the package)', () => {
    expect(block('ts')).toBe(readFileSync(example, 'utf8'));
  });

  it('the Messages example prints what the README says', async () => {
    expect(await runExample(example, pkgDir)).toBe(block('text'));
  }, 90_000);
});
