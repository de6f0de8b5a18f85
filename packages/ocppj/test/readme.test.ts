import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readmeBlock, runExample } from '../../../test/support/readme.js';

const pkgDir = new URL('../', import.meta.url);
const readme = readFileSync(new URL('README.md', pkgDir), 'utf8');
const example = new URL('examples/ocppj-usage.ts', pkgDir);
const block = (heading: string, lang: string) => readmeBlock(readme, heading, lang);

describe('README', () => {
  it('the Usage block is examples/ocppj-usage.ts (typechecked with the package)', () => {
    expect(block('## Usage', 'ts')).toBe(readFileSync(example, 'utf8'));
  });

  it('the Usage example runs and prints what the README says', async () => {
    expect(await runExample(example, pkgDir)).toBe(block('## Usage', 'text'));
  }, 90_000);
});
