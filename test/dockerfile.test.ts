/**
 * The Dockerfile's structure (issue 14 item 6). No Docker daemon runs where the tests run, so
 * the image is not built here: this checks what would make it wrong — a single stage, root
 * at run time, a COPY of a file that does not exist, another pnpm than the README's, a
 * runtime stage that is not node:20-slim — on the parsed instructions.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const text = readFileSync(`${root}Dockerfile`, 'utf8');

/** Instructions with continuation lines joined and comments dropped. */
const instructions = text
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'))
  .map((l) => {
    const [op = '', ...rest] = l.split(/\s+/);
    return { op: op.toUpperCase(), args: rest.join(' ') };
  });
const stages = instructions.reduce<{ from: string; body: typeof instructions }[]>((acc, i) => {
  if (i.op === 'FROM') acc.push({ from: i.args, body: [] });
  else acc.at(-1)?.body.push(i);
  return acc;
}, []);

describe('Dockerfile', () => {
  it('is multi-stage: a named build stage, then a node:20-slim runtime stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]?.from).toMatch(/^node:20-slim AS build$/);
    expect(stages.at(-1)?.from).toMatch(/^node:20-slim\b/);
  });

  it('builds with the pinned pnpm through npx and installs the packed tarballs with npm', () => {
    const runs = (stages[0]?.body ?? []).filter((i) => i.op === 'RUN').map((i) => i.args);
    expect(runs.join('\n')).toContain('npx -y pnpm@10.34.9 install --frozen-lockfile');
    expect(runs.join('\n')).toMatch(/pnpm@10\.34\.9 -r pack/);
    expect(runs.join('\n')).toMatch(/npm install --global --prefix \/opt\/evse/);
  });

  it('runs as a user that is not root, with evse as the entry point', () => {
    const runtime = stages.at(-1)?.body ?? [];
    const users = runtime.filter((i) => i.op === 'USER').map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime.find((i) => i.op === 'ENTRYPOINT')?.args).toBe('["evse"]');
  });

  it('the runtime stage copies only from the build stage (no sources)', () => {
    const copies = (stages.at(-1)?.body ?? []).filter((i) => i.op === 'COPY');
    for (const c of copies) expect(c.args).toMatch(/^--from=build /);
  });

  it('every file a COPY takes from the repository exists', () => {
    const copies = instructions.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'));
    expect(copies.length).toBeGreaterThan(0);
    for (const c of copies) {
      const sources = c.args.split(/\s+/).slice(0, -1);
      for (const s of sources) expect(existsSync(`${root}${s}`), s).toBe(true);
    }
  });

  it('.dockerignore keeps installed and built files out of the context', () => {
    const ignore = readFileSync(`${root}.dockerignore`, 'utf8').split('\n');
    for (const entry of ['**/node_modules', '**/dist', '.git']) expect(ignore).toContain(entry);
  });
});
