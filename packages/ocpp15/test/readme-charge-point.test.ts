import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readmeBlock, runExample } from '../../../test/support/readme.js';
import { CONFIG_KEYS } from '../src/charge-point/config.js';

const pkgDir = new URL('../', import.meta.url);
const readme = readFileSync(new URL('README.md', pkgDir), 'utf8');
const example = new URL('examples/charge-point-usage.ts', pkgDir);
const block = (heading: string, lang: string) => readmeBlock(readme, heading, lang);

describe('README: charge point', () => {
  it('the usage block is examples/charge-point-usage.ts (typechecked with the package)', () => {
    expect(block('## Charge point', 'ts')).toBe(readFileSync(example, 'utf8'));
  });

  it('the usage example (emulator → Station → charge point → central system) prints what the README says', async () => {
    expect(await runExample(example, pkgDir, 90_000)).toBe(block('## Charge point', 'text'));
  }, 90_000);

  it('documents every configuration key', () => {
    const section = readme.slice(readme.indexOf('### Configuration keys'));
    for (const key of Object.keys(CONFIG_KEYS)) expect(section).toContain(`\`${key}\``);
  });
});
