/**
 * Runs the usage examples of the README's `## Statechart` and `## Station` sections and checks
 * what they print (the sentence after each block says what that is).
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
  const url = new URL(`./.readme-${title.toLowerCase()}.tmp.ts`, import.meta.url);
  written.push(fileURLToPath(url));
  writeFileSync(url, example(title));
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  await import(/* @vite-ignore */ `${url.href}?t=${Date.now()}`);
  return lines;
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
