import { defineConfig } from 'vitest/config';
import { ciReporting } from './.ci/reporting.js';
import { SLOW_TESTS } from './test/slow-tests.js';

// Workspace packages resolve to their TypeScript sources through the `@evse/source`
// export condition, so tests never need a build first. Both `resolve` and `ssr.resolve`
// must carry it: Vitest resolves test-file imports through the SSR pipeline.
const conditions = ['@evse/source'];

const ALL_TESTS = ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'test/**/*.test.ts'];

// `.ci/run` sets EVSE_VITEST_JSON so that the README's own test command also writes the
// reports CI reads its "N passed, N failed" line from (.ci/reporting.ts).
const ciReports = ciReporting(process.env['EVSE_VITEST_JSON']);

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    ...ciReports,
    // `vitest run` runs both; `pnpm test` only `quick` (test/slow-tests.ts says which is which).
    projects: [
      { extends: true, test: { name: 'quick', include: ALL_TESTS, exclude: [...SLOW_TESTS] } },
      { extends: true, test: { name: 'slow', include: [...SLOW_TESTS] } },
    ],
  },
});
