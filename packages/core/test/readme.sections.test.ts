/**
 * Runs the usage examples of the README's `## Statechart` and `## Station` sections and checks
 * what they print (the sentence after each block says what that is).
 */
import { describe, expect, it } from 'vitest';
import { sectionRunner } from '../../../test/support/readme.js';

const run = sectionRunner(new URL('../README.md', import.meta.url), new URL('./', import.meta.url));

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

  it('Edge checks: a same-origin JSON write passes; other origins, forms and hosts do not', async () => {
    expect(await run('Edge checks')).toEqual([
      '200',
      '403',
      '415',
      '421',
      'must not contain control characters (newline, NUL, ESC …) A\\nB\\x1b[31m',
    ]);
  });
});
