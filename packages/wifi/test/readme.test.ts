import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readmeBlock, runExample } from '../../../test/support/readme.js';

const pkgDir = new URL('../', import.meta.url);
const readme = readFileSync(new URL('README.md', pkgDir), 'utf8');
const example = new URL('examples/wifi-usage.ts', pkgDir);

describe('README', () => {
  it('the Usage block is examples/wifi-usage.ts (typechecked with the package)', () => {
    expect(readmeBlock(readme, '## Usage', 'ts')).toBe(readFileSync(example, 'utf8'));
  });

  it('the Usage example runs and prints what the README says', async () => {
    expect(await runExample(example, pkgDir)).toBe(readmeBlock(readme, '## Usage', 'text'));
  }, 60_000);
});
