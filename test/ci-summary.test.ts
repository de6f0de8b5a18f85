/**
 * CI's line is honest (issue 14, item 2): real Vitest runs, in a temporary folder, of test
 * files that pass, throw at import and leak a rejection, reported through the same
 * `ciReporting()` vitest.config.ts uses, then `.ci/summary.mjs` as `.ci/run` calls it.
 * A failed run never prints `0 failed`. Two nested Vitest runs: about 5 s.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const vitestBin = join(root, 'node_modules/vitest/vitest.mjs');
const summaryScript = join(root, '.ci/summary.mjs');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const FILES: Record<string, string> = {
  'ok.test.mjs': "import { expect, it } from 'vitest';\nit('passes', () => expect(1).toBe(1));\n",
  'throws-at-import.test.mjs': "throw new Error('boom at import');\n",
  // The rejection is left unhandled while the test still runs, so Vitest sees it every time.
  'leaks.test.mjs':
    "import { it } from 'vitest';\nit('leaks a rejection', async () => {\n" +
    "  Promise.reject(new Error('leaked'));\n  await new Promise((r) => setTimeout(r, 100));\n});\n",
};

/** The environment of a child run: the caller's, without this Vitest run's own variables. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('VITEST') && k !== 'EVSE_VITEST_JSON' && k !== 'NODE_OPTIONS') env[k] = v;
  }
  return { ...env, ...extra };
}

function run(
  cmd: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A folder with the given test files, run by real Vitest with CI's reporters. */
async function vitestRun(
  files: string[],
): Promise<{ report: string; status: number; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'evse-ci-summary-'));
  dirs.push(dir);
  mkdirSync(join(dir, 't'));
  for (const f of files) writeFileSync(join(dir, 't', f), FILES[f] ?? '');
  const reporting = join(root, '.ci/reporting.ts');
  writeFileSync(
    join(dir, 'vitest.config.mjs'),
    `import { ciReporting } from ${JSON.stringify(reporting)};\n` +
      `export default { test: { include: ['t/*.test.mjs'], ...ciReporting(process.env.EVSE_VITEST_JSON) } };\n`,
  );
  const report = join(dir, 'out/vitest.json');
  const { code, stdout, stderr } = await run(
    process.execPath,
    [vitestBin, 'run', '--root', dir],
    dir,
    childEnv({ EVSE_VITEST_JSON: report }),
  );
  return { report, status: code, output: stdout + stderr };
}

/** `.ci/summary.mjs REPORT STATUS`: its line and exit code. */
async function summary(report: string, status: number): Promise<{ line: string; code: number }> {
  const r = await run(
    process.execPath,
    [summaryScript, report, String(status)],
    root,
    childEnv({}),
  );
  return { line: r.stdout.trim(), code: r.code };
}

describe('.ci/run line', () => {
  it('counts a file that throws at import and an unhandled rejection as failures', async () => {
    const { report, status } = await vitestRun([
      'ok.test.mjs',
      'throws-at-import.test.mjs',
      'leaks.test.mjs',
    ]);
    expect(status).not.toBe(0);
    // What the JSON report alone says: no failed test, although the run failed.
    const json = JSON.parse(readFileSync(report, 'utf8')) as { numFailedTests: number };
    expect(json.numFailedTests).toBe(0);
    expect(await summary(report, status)).toEqual({ line: '2 passed, 2 failed', code: status });
  }, 60_000);

  it('prints 0 failed and exits 0 only for a clean run', async () => {
    const { report, status, output } = await vitestRun(['ok.test.mjs']);
    expect(status, output).toBe(0);
    expect(await summary(report, status)).toEqual({ line: '1 passed, 0 failed', code: 0 });
  }, 60_000);

  it('counts a run that failed before any test (lint, typecheck) as one failure', async () => {
    const missing = join(tmpdir(), 'evse-ci-summary-none', 'vitest.json');
    expect(await summary(missing, 1)).toEqual({ line: '0 passed, 1 failed', code: 1 });
    // A missing report is a failure even when the command claimed success.
    expect(await summary(missing, 0)).toEqual({ line: '0 passed, 1 failed', code: 1 });
  });

  it('is what .ci/run prints after the README test command', () => {
    const ci = readFileSync(join(root, '.ci/run'), 'utf8');
    expect(ci).toContain(
      'npx -y pnpm@10.34.9 install --frozen-lockfile && npx -y pnpm@10.34.9 check',
    );
    expect(ci).toContain('exec node .ci/summary.mjs "$out/vitest.json" "$status"');
    expect(readFileSync(join(root, 'vitest.config.ts'), 'utf8')).toContain(
      "ciReporting(process.env['EVSE_VITEST_JSON'])",
    );
  });
});
