/**
 * Runs the usage examples of the README's `## Codec`, `## Client` and `## Testing helpers`
 * sections and checks what they print (the sentence after each block says what that is).
 */
import { describe, expect, it } from 'vitest';
import { sectionRunner } from '../../../test/support/readme.js';

const run = sectionRunner(new URL('../README.md', import.meta.url), new URL('./', import.meta.url));

describe('README examples (RAPI)', () => {
  it('Codec: encode a command, decode a $GS reply, reject a bad checksum', async () => {
    expect(await run('Codec')).toEqual([
      '"$SC 20 V^60\\r"',
      'charging 125 chargingOn,evConnected,evConnectedPrev',
      'CHECKSUM',
    ]);
  });

  it('Client: an async frame before the reply, a decoded $GS, a $NK with data', async () => {
    expect(await run('Client')).toEqual(['event AT 02 02 24 0700', '2 700', 'NK 24']);
  });

  it('Testing helpers: the contract passes on a chunking loopback pair', async () => {
    expect(await run('Testing helpers')).toEqual(['10/10 checks passed']);
  });
});
