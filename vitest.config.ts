import { defineConfig } from 'vitest/config';
import { ciReporting } from './.ci/reporting.js';

// Workspace packages resolve to their TypeScript sources through the `@evse/source`
// export condition, so tests never need a build first. Both `resolve` and `ssr.resolve`
// must carry it: Vitest resolves test-file imports through the SSR pipeline.
const conditions = ['@evse/source'];

// `.ci/run` sets EVSE_VITEST_JSON so that the README's own test command also writes the
// reports CI reads its "N passed, N failed" line from (.ci/reporting.ts).
const ciReports = ciReporting(process.env['EVSE_VITEST_JSON']);

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    ...ciReports,
  },
});
