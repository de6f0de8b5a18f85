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
  'apps/cli/test/{bridge-ocpp16,bridge-ocpp16-session,bridge-wss16,bridge-password,bridge-refuse,central-bridge,central-db,central-log,ocpp-command,chart-ports,demo,demo-live,emulate,ev-outcome,fleet,fleet-dashboard,fleet-mqtt,fleet-shard-env,fleet-verdict,host-header,metrics,plain-status,state-file,usage,wifi,wifi-clients}.test.ts',
  'test/{chaos,pnpm-invocation}.test.ts',
  'packages/fleet/test/fleet.test.ts',
  // ocpp15 scenarios on the real clock, SIGKILL, every journal cut, and the property runs
  'packages/ocpp15/test/{central-store,e2e,gate,gate-property,journal-cut,kill,meter-register,outage,profiles-bridge}.test.ts',
  'packages/transport-emulator/test/station.profiles.test.ts',
  'packages/transport-serial/test/serial-pty.test.ts',
  'packages/transport-emulator/test/exposure.contract.test.ts',
];
