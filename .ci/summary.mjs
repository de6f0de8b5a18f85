// Prints CI's one line, `N passed, N failed`, from Vitest's JSON report and the errors file
// beside it (.ci/reporting.ts), and exits with the run's final status. Usage:
//   node .ci/summary.mjs REPORT.json EXIT_STATUS_OF_THE_RUN
// "failed" counts every way a run can fail, so a failed run never prints `0 failed`:
// - failed tests;
// - test files that failed outside any test (an import that throws, a failing hook): Vitest
//   marks the file `failed` with a `message` but counts no test;
// - unhandled errors and rejections (not in the JSON report at all);
// - a run that was interrupted, or that exited non-zero for anything else (lint, typecheck,
//   a crash before the report was written), counts as one failure of its own.
import { existsSync, readFileSync } from 'node:fs';

const [reportPath, statusArg] = process.argv.slice(2);
if (!reportPath) {
  console.error('usage: node .ci/summary.mjs REPORT.json EXIT_STATUS');
  process.exit(2);
}
let status = Number(statusArg ?? 0);
const problems = [];
let passed = 0;
let failed = 0;

const readJson = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined);
const report = readJson(reportPath);
const extra = readJson(reportPath.replace(/(\.json)?$/, '.errors.json'));

if (report) {
  passed = report.numPassedTests;
  failed = report.numFailedTests;
  for (const file of report.testResults) {
    const failedTests = file.assertionResults.filter((a) => a.status === 'failed').length;
    if (file.status === 'failed' && (failedTests === 0 || file.message)) {
      failed++;
      problems.push(`${file.name}: ${file.message || 'failed outside its tests'}`);
    }
  }
  if (report.numTotalTests === 0) problems.push('no tests ran');
} else {
  problems.push(`no test report at ${reportPath} (the run stopped before the tests)`);
}
for (const message of extra?.unhandledErrors ?? []) {
  failed++;
  problems.push(`unhandled error: ${message}`);
}
if (extra?.reason === 'interrupted') problems.push('the test run was interrupted');

if (failed === 0 && (status !== 0 || problems.length > 0)) {
  failed = 1;
  problems.push(`the run failed (exit status ${status}) with no test failure to show for it`);
}
if (failed > 0 && status === 0) status = 1;
for (const p of problems) console.error(p.split('\n')[0]);
console.log(`${passed} passed, ${failed} failed`);
process.exit(status);
