import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readmeBlock, runExample } from './support/readme.js';

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

  it('states the two commands .ci/run relies on', () => {
    const ci = readFileSync(new URL('.ci/run', root), 'utf8');
    const testCommand =
      'npx -y pnpm@10.34.9 install --frozen-lockfile && npx -y pnpm@10.34.9 check';
    expect(readme).toContain(testCommand);
    expect(ci).toContain(testCommand);
    expect(readme).toContain('npx -y pnpm@10.34.9 install && npx -y pnpm@10.34.9 demo');
  });
});
