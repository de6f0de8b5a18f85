/**
 * Runs the usage examples of the README's `## Statechart` and `## Station` sections and checks
 * what they print (the sentence after each block says what that is).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importExample, readmeBlock } from '../../../test/support/readme.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** Import the `## <title>` section's example next to the tests; what it logs. */
function run(title: string): Promise<string[]> {
  const slug = title.toLowerCase().replace(/\W+/g, '-');
  return importExample(
    readmeBlock(readme, `## ${title}`),
    new URL('./', import.meta.url),
    `readme-${slug}`,
  );
}

describe('README examples', () => {
  it('Statechart: an auth-locked build charges only after AUTH_UNLOCK', async () => {
    expect(await run('Statechart')).toEqual([
      'POST_OK notConnected 1',
      'EV_PLUG connected 2',
      'EV_REQUEST_CHARGE connected 2',
      'AUTH_UNLOCK charging 3',
    ]);
  });

  it('Station: status from $GS, a transition from $AT, a meter reading', async () => {
    expect(await run('Station')).toEqual([
      'notConnected 32',
      'notConnected -> connected',
      '1 21.5',
    ]);
  });
});
