// Issue 17's acceptance: every finding of docs/AUDIT-2026-12.md has a test or a stated reason
// it is not a defect. docs/audit-coverage.md is that mapping, stated once; this checks it
// against the audit and against the test files it names.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** The cells of each Markdown table row (`| a | b |`), header and separator rows dropped. */
function tableRows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*(#|-)/.test(line))
    .map((line) =>
      line
        .slice(1, line.endsWith('|') ? -1 : undefined)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
}

/** The finding numbers of the audit's tables (first cell a number). */
function auditFindings(markdown: string): number[] {
  return tableRows(markdown)
    .map((cells) => cells[0] ?? '')
    .filter((cell) => /^\d+$/.test(cell))
    .map(Number);
}

interface CoverageRow {
  readonly finding: number;
  readonly status: string;
  readonly file: string;
  readonly test: string;
  readonly note: string;
}

const unquote = (cell: string) => cell.replace(/^`(.*)`$/, '$1');

function coverageRows(markdown: string): CoverageRow[] {
  return tableRows(markdown).map(
    ([finding = '', , status = '', file = '', test = '', note = '']) => ({
      finding: Number(finding),
      status,
      file: unquote(file),
      test: unquote(test),
      note,
    }),
  );
}

/** What is wrong with one row (an empty list when it proves its finding or states a reason). */
function rowProblems(row: CoverageRow, readTest: (file: string) => string | null): string[] {
  const where = `#${row.finding} (${row.file || row.status})`;
  if (row.status === 'not a defect') {
    return row.note && row.note !== '—'
      ? []
      : [`${where}: "not a defect" needs a reason in the note`];
  }
  if (row.status !== 'fixed') return [`${where}: status must be "fixed" or "not a defect"`];
  const text = readTest(row.file);
  if (text === null) return [`${where}: no test file ${row.file}`];
  // The name as a string literal (any quote), as it is given to it()/test()/describe().
  const named = ["'", '"', '`'].some((q) => text.includes(`${q}${row.test}${q}`));
  return named ? [] : [`${where}: no test named "${row.test}" in ${row.file}`];
}

const findings = auditFindings(read('docs/AUDIT-2026-12.md'));
const rows = coverageRows(read('docs/audit-coverage.md'));
const readTest = (file: string) =>
  file.endsWith('.test.ts') && existsSync(new URL(file, root)) ? read(file) : null;

describe('docs/audit-coverage.md', () => {
  it('reads all 32 findings of the audit, numbered 1 to 32', () => {
    expect(findings).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
  });

  it('has a row for every finding, and no row for a finding the audit does not have', () => {
    const covered = new Set(rows.map((r) => r.finding));
    expect(findings.filter((n) => !covered.has(n))).toEqual([]);
    expect([...covered].filter((n) => !findings.includes(n))).toEqual([]);
  });

  it('names, in every row, a test file that exists and a test in it, or a reason', () => {
    expect(rows.flatMap((row) => rowProblems(row, readTest))).toEqual([]);
  });

  it('catches a missing file, a missing test name, a bad status and a reason left out', () => {
    const text = "it('does the thing', () => {});";
    const fake = (file: string) => (file === 'a.test.ts' ? text : null);
    const row = {
      finding: 1,
      status: 'fixed',
      file: 'a.test.ts',
      test: 'does the thing',
      note: '',
    };
    expect(rowProblems(row, fake)).toEqual([]);
    expect(rowProblems({ ...row, file: 'b.test.ts' }, fake)).toEqual([
      '#1 (b.test.ts): no test file b.test.ts',
    ]);
    expect(rowProblems({ ...row, test: 'does the' }, fake)).toHaveLength(1);
    expect(rowProblems({ ...row, status: 'done' }, fake)).toHaveLength(1);
    expect(rowProblems({ ...row, status: 'not a defect', note: '—' }, fake)).toHaveLength(1);
    expect(rowProblems({ ...row, status: 'not a defect', note: 'by design' }, fake)).toEqual([]);
  });

  it('is linked from docs/reliability.md and the README', () => {
    expect(read('docs/reliability.md')).toContain('(audit-coverage.md)');
    expect(read('README.md')).toContain('(docs/audit-coverage.md)');
  });
});
