/**
 * The usage block of the README's "Exposure" section is compiled and run as written (STYLE.md
 * §4.5): it creates an emulator, serves a PTY, TCP and the control API, calls the API and closes
 * everything; the process must exit 0 and print the PTY path, the TCP port and status 200.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, expect, it } from 'vitest';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
// The workspace's own tsx (a root devDependency): `npx` would add seconds of start-up.
const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
const scratch = `${pkgDir}.exposure-readme-${process.pid}.ts`;
afterEach(() => rmSync(scratch, { force: true }));

it('runs the Exposure usage example from the README', async () => {
  const readme = readFileSync(`${pkgDir}README.md`, 'utf8');
  const section = readme.split('## Exposure: PTY, TCP, control API')[1] ?? '';
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  expect(code, 'the section has a ts block').toBeTruthy();
  writeFileSync(scratch, code as string);
  const { stdout } = await promisify(execFile)(tsx, ['--conditions=@evse/source', scratch], {
    cwd: pkgDir,
    timeout: 30_000,
  });
  expect(stdout.trim()).toMatch(/^\/\S+\/ttyEVSE0 \d+ 200$/);
});
