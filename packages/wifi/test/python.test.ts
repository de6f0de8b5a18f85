/** The Python clients' ways of calling, run for real with Debian's python3 (+ python3-websockets). */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { type Rig, startRig } from './support/rig.js';

const run = promisify(execFile);
const script = fileURLToPath(new URL('python/module_clients.py', import.meta.url));

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe('python clients', () => {
  it('read the status, relay RAPI, and see an override arrive on /ws', async () => {
    rig = await startRig();
    const { stdout } = await run('/usr/bin/python3', [script, rig.url], { timeout: 30_000 });
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(out['tiramiseb_version']).toEqual({ ok: true, firmware: '8.2.3', protocol: '5.2.1' });
    expect(out['miniconfig_status']).toBe(1);
    expect(out['ws']).toMatchObject({
      pong: true,
      state: 254,
      status: 'disabled',
      manual_override: 1,
    });
    expect((out['ws'] as { keys: number }).keys).toBeGreaterThan(60);
  }, 60_000);
});
