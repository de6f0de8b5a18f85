/**
 * Runs the usage examples of the README's `## Codec`, `## Client` and `## Testing helpers`
 * sections and checks what they print (the sentence after each block says what that is).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The first ```ts block of the section headed `## <title>`. */
function example(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README has no "## ${title}" section`);
  const next = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, next < 0 ? undefined : next);
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error(`"## ${title}" has no ts block`);
  return match[1];
}

const written: string[] = [];
afterEach(() => {
  for (const file of written.splice(0)) rmSync(file, { force: true });
  vi.restoreAllMocks();
});

/** Write the example next to the tests (so `@evse/core` resolves), import it, collect logs. */
async function run(title: string): Promise<string[]> {
  const slug = title.toLowerCase().replace(/\W+/g, '-');
  const url = new URL(`./.readme-rapi-${slug}.tmp.ts`, import.meta.url);
  written.push(fileURLToPath(url));
  writeFileSync(url, example(title));
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  await import(/* @vite-ignore */ `${url.href}?t=${Date.now()}`);
  return lines;
}

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
