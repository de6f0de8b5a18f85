/**
 * What `.ci/run` asks of Vitest, in one place for vitest.config.ts and its own test
 * (test/ci-summary.test.ts): the default reporter, Vitest's JSON report at `jsonPath`, and
 * `<jsonPath minus .json>.errors.json` with the errors the JSON report leaves out (unhandled
 * errors and rejections, and why the run ended). `.ci/summary.mjs` reads both.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Reporter, TestRunEndReason } from 'vitest/reporters';

/** The side file next to the JSON report. */
export const errorsPath = (jsonPath: string): string =>
  jsonPath.replace(/(\.json)?$/, '.errors.json');

/** Records the unhandled errors of a run, which Vitest's JSON report does not count. */
class UnhandledErrorsReporter implements Reporter {
  readonly #path: string;
  constructor(path: string) {
    this.#path = path;
  }
  onTestRunEnd(
    _modules: readonly unknown[],
    unhandledErrors: readonly { message: string }[],
    reason: TestRunEndReason,
  ): void {
    const messages = unhandledErrors.map((e) => e.message);
    mkdirSync(dirname(this.#path), { recursive: true });
    writeFileSync(this.#path, `${JSON.stringify({ reason, unhandledErrors: messages })}\n`);
  }
}

/** Reporter settings for a run whose line CI prints; nothing extra when `jsonPath` is unset. */
export function ciReporting(jsonPath: string | undefined): {
  reporters?: (string | Reporter)[];
  outputFile?: { json: string };
} {
  if (!jsonPath) return {};
  return {
    reporters: ['default', 'json', new UnhandledErrorsReporter(errorsPath(jsonPath))],
    outputFile: { json: jsonPath },
  };
}
