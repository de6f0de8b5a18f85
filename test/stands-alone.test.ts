/**
 * The repository stands alone (issue 14, item 1): a clone with nothing beside it has every
 * document its comments cite and every file its tests read. Three checks over every file git
 * knows (tracked, or new and not ignored):
 * - nothing names a path outside the repository where the protocol notes used to live;
 * - every `NAME.md` a file mentions exists here (by path, or by name somewhere in the
 *   repository), and every `NAME.md §N.M` names a section that document has;
 * - every relative link in a Markdown file resolves.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => f.length > 0 && existsSync(join(root, f)));
const TEXT = /\.(ts|js|mjs|cjs|py|sh|json|md|yaml|yml|toml|html|css)$|^\.ci\/run$/;
const texts = files
  .filter((f) => TEXT.test(f) && !f.endsWith('pnpm-lock.yaml'))
  .map((f) => ({ file: f, text: readFileSync(join(root, f), 'utf8') }));
const SELF = 'test/stands-alone.test.ts';
const byName = new Map<string, string[]>();
for (const f of files) byName.set(basename(f), [...(byName.get(basename(f)) ?? []), f]);

// Built from pieces so that this file does not match itself.
const SHARED = 'shared';
const OUTSIDE = new RegExp(
  `\\.\\./(\\.\\./)*${SHARED}\\b|/work/${SHARED}\\b|\\b${SHARED}/(rapi|ocpp15|wifi)/`,
);

describe('the repository stands alone', () => {
  it('scans a real tree (so an empty file list cannot pass)', () => {
    expect(texts.length).toBeGreaterThan(200);
    expect(texts.some((t) => t.file === 'docs/protocol/RAPI.md')).toBe(true);
  });

  it(`no file reads or links the notes outside the repository (../${SHARED})`, () => {
    const hits = texts.flatMap(({ file, text }) =>
      text.split('\n').flatMap((line, i) => (OUTSIDE.test(line) ? [`${file}:${i + 1}`] : [])),
    );
    expect(hits).toEqual([]);
  });

  it('the pattern catches the forms a reader would use', () => {
    for (const bad of [
      `new URL('../../../../${SHARED}/rapi/vectors.json', import.meta.url)`,
      `[RAPI.md](../../../${SHARED}/rapi/RAPI.md)`,
      `/work/${SHARED}/ocpp15/schemas`,
      `from ${SHARED}/ocpp15/schemas`,
    ]) {
      expect(OUTSIDE.test(bad), bad).toBe(true);
    }
    expect(OUTSIDE.test('the shared fleet clock')).toBe(false);
  });
});

/** `NAME.md` mentions (optionally with a path before and `§N.M` after) in one text. */
function mentions(text: string): { path: string; section: string | undefined }[] {
  const found: { path: string; section: string | undefined }[] = [];
  for (const m of text.matchAll(/([\w./-]*\b[\w-]+\.md)\b\)?(?:,? ?§ ?(\d+(?:\.\d+)*))?/g)) {
    const path = m[1] ?? '';
    if (path.includes('://') || path.startsWith('.')) continue; // URLs; relative links below
    found.push({ path, section: m[2] });
  }
  return found;
}

/** The file a mention means: a path from the citing file or the root, else the unique name. */
function resolveDoc(from: string, path: string): string[] {
  if (path.includes('/')) {
    const candidates = [posix.normalize(posix.join(dirname(from), path)), posix.normalize(path)];
    const hit = candidates.find((c) => existsSync(join(root, c)));
    if (hit) return [hit];
    // `core/README.md`, `apps/cli/README.md § Fleet`: a path inside packages/ or apps/.
    return files.filter((f) => f.endsWith(`/${path}`));
  }
  return byName.get(path) ?? [];
}

/** Whether `doc` has section `N.M…`: a numbered heading, or a numbered item under one. */
function hasSection(doc: string, section: string): boolean {
  const lines = doc.split('\n');
  const heading = (n: string) =>
    lines.findIndex((l) => new RegExp(`^#+ (Appendix )?${n.replaceAll('.', '\\.')}[.\\s]`).test(l));
  if (heading(section) >= 0) return true;
  const parts = section.split('.');
  const item = parts.pop();
  const start = heading(parts.join('.'));
  if (start < 0 || item === undefined) return false;
  const end = lines.findIndex((l, i) => i > start && /^#{1,2} /.test(l));
  return lines
    .slice(start + 1, end < 0 ? undefined : end)
    .some((l) => new RegExp(`^\\s*${item}\\. `).test(l));
}

describe('every document a file cites is in the repository', () => {
  const problems: string[] = [];
  let cited = 0;
  let sections = 0;
  // docs/protocol/ cites its upstream sources' files (open_evse's readme.md, …), not ours.
  const citing = texts.filter((t) => !t.file.startsWith('docs/protocol/') && t.file !== SELF);
  for (const { file, text } of citing) {
    for (const { path, section } of mentions(text)) {
      cited++;
      const docs = resolveDoc(file, path);
      if (docs.length === 0) {
        problems.push(`${file}: ${path} is not in the repository`);
        continue;
      }
      // A section is checked where the name is one document (RAPI.md, STEVE.md, STYLE.md…).
      const [doc] = docs;
      if (section === undefined || docs.length > 1 || doc === undefined) continue;
      sections++;
      if (!hasSection(readFileSync(join(root, doc), 'utf8'), section)) {
        problems.push(`${file}: ${path} §${section} is not a section of ${doc}`);
      }
    }
  }

  it('resolves every NAME.md and NAME.md §N.M', () => {
    expect(cited).toBeGreaterThan(300); // the ~480 citations of RAPI.md, STEVE.md, …
    expect(sections).toBeGreaterThan(300);
    expect(problems).toEqual([]);
  });

  it('tells a missing document and a missing section apart from good ones', () => {
    const rapi = readFileSync(join(root, 'docs/protocol/RAPI.md'), 'utf8');
    expect(hasSection(rapi, '4.10')).toBe(true);
    expect(hasSection(rapi, '7.4')).toBe(true); // item 4 of §7
    expect(hasSection(rapi, '4.99')).toBe(false);
    expect(hasSection(rapi, '12')).toBe(false);
    expect(resolveDoc('packages/core/src/x.ts', 'contracts.md')).toEqual([]);
    expect(mentions('see STEVE.md §1.5. And RAPI.md).')).toEqual([
      { path: 'STEVE.md', section: '1.5' },
      { path: 'RAPI.md', section: undefined },
    ]);
  });
});

describe('every relative link in a Markdown file resolves', () => {
  it('has a file or folder at each target', () => {
    const broken: string[] = [];
    let links = 0;
    for (const { file, text } of texts.filter((t) => t.file.endsWith('.md'))) {
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = (m[1] ?? '').replace(/#.*$/, '');
        if (target === '' || /^[a-z]+:/i.test(target)) continue; // anchors, URLs, mailto:
        links++;
        if (!existsSync(join(root, dirname(file), target))) broken.push(`${file}: ${target}`);
      }
    }
    expect(links).toBeGreaterThan(20);
    expect(broken).toEqual([]);
  });
});
