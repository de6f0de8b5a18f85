import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readmeBlock, runExample } from '../../../test/support/readme.js';

const pkgDir = new URL('../', import.meta.url);
const readme = readFileSync(new URL('README.md', pkgDir), 'utf8');
const example = new URL('examples/central-usage.ts', pkgDir);
const block = (heading: string, lang: string) => readmeBlock(readme, heading, lang);

describe('README', () => {
  it('the Usage block is examples/central-usage.ts (typechecked with the package)', () => {
    expect(block('## Usage', 'ts')).toBe(readFileSync(example, 'utf8'));
  });

  it('the Usage example (central system + RPC endpoint) runs and prints what the README says', async () => {
    expect(await runExample(example, pkgDir)).toBe(block('## Usage', 'text'));
  }, 60_000);

  it('the Store block is examples/central-store.ts, and it runs as the README says', async () => {
    const store = new URL('examples/central-store.ts', pkgDir);
    expect(block('### Store', 'ts')).toBe(readFileSync(store, 'utf8'));
    expect(await runExample(store, pkgDir)).toBe(block('### Store', 'text'));
  }, 60_000);

  it('documents both sections this package part owns', () => {
    expect(readme).toContain('## Wire layer');
    expect(readme).toContain('## Central system');
  });
});
