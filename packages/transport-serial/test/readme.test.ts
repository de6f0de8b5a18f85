/**
 * The README's usage block is `examples/usage.ts` (typechecked with the package) and runs as
 * written against the emulator served over TCP (STYLE.md §4.5).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { serveTcp } from '@evse/transport-emulator';
import { expect, it } from 'vitest';
import { bootedEmulator } from './helpers/session.js';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
// The workspace's own tsx (a root devDependency): `npx` would add seconds of start-up.
const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
const example = `${pkgDir}examples/usage.ts`;

it('the README usage block is examples/usage.ts, word for word', () => {
  const readme = readFileSync(`${pkgDir}README.md`, 'utf8');
  const block = /## Usage[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBe(readFileSync(example, 'utf8'));
});

it('examples/usage.ts runs against the emulator and prints what the README says', async () => {
  const emulator = await bootedEmulator();
  const server = await serveTcp(emulator.device, { port: 0 });
  try {
    const { stdout } = await promisify(execFile)(tsx, ['--conditions=@evse/source', example], {
      cwd: pkgDir,
      timeout: 30_000,
      env: { ...process.env, EVSE_PORT: `tcp://127.0.0.1:${server.address.port}` },
    });
    expect(stdout.trim().split('\n')).toEqual([
      'link open',
      'firmware 8.2.3, notConnected',
      'pilot 16 A',
      'link closed',
    ]);
  } finally {
    await server.close();
    await emulator.close();
  }
});
