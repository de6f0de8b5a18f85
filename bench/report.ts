/** Small printing helpers shared by the bench scripts. */

/** A table row: one string per column. */
export type Row = readonly string[];

/** `n` with `digits` decimals and thousands separators. */
export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** The p-th percentile (nearest rank) of a list of numbers. */
export function percentile(values: ArrayLike<number>, p: number): number {
  const sorted = Array.from(values).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Print a Markdown table (readable in a terminal, pasteable into docs/benchmarks.md). */
export function printTable(title: string, header: Row, rows: readonly Row[]): void {
  const lines = [
    `\n${title}\n`,
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
  ];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  process.stdout.write(`${lines.join('\n')}\n\n`);
}
