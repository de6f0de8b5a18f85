/**
 * The test files of the `slow` Vitest project: those that start child processes (the CLI,
 * Python and npm clients, socat, Chromium, npm install), run a scenario on the real clock for
 * seconds, or replay hundreds of random runs. `pnpm test` (the `quick` project) leaves them
 * out so it stays quick to iterate on; `pnpm check` (the README's test command, run by CI)
 * runs both projects. A new file that takes more than about two seconds belongs here.
 */
export const SLOW_TESTS: readonly string[] = [
  // third-party clients, browsers, packing and installing
  'packages/*/test/interop/**/*.test.ts',
  '**/*.browser.test.ts',
  'packages/dashboard/test/browser.test.ts',
  'test/pack-install.test.ts',
  'test/ci-summary.test.ts',
  // README examples, each run as a child process
  '**/readme*.test.ts',
  // the CLI as child processes, on the real clock
  'apps/cli/test/{bridge-refuse,central-bridge,central-db,demo,emulate,fleet,fleet-dashboard,host-header,chart-ports,usage}.test.ts',
  // ocpp15 scenarios on the real clock, SIGKILL, and the property runs
  'packages/ocpp15/test/{e2e,gate,gate-property,kill,outage}.test.ts',
  'packages/transport-serial/test/serial-pty.test.ts',
  'packages/transport-emulator/test/exposure.contract.test.ts',
];
