/**
 * The npm package `openevse` 1.0.1 (jeremypoulter/node-openevse, "based loosely on
 * python-openevse"), a real RAPI client, against the 7.1.3 profile on a socat PTY, run as
 * a child process (`clients/openevse_npm.cjs`). It only gets a serialport 6 adapter over
 * serialport 13 (pnpm-workspace.yaml `overrides`), since serialport 6 cannot build on Node 20.
 * What it does on 7.1.3 (docs/protocol/FIELD-FIRMWARE.md §2), quirks included: `$GS` state is
 * hex since RAPI 5.0, which it parses with parseInt, so a sleeping station (`fe`) is a
 * ParseError (and `status('sleep')` never calls back); it listens for `$ST`, which 7.1.3 no
 * longer sends (`$AT` instead), so a plug-in raises no `state` event.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator.js';
import { servePty } from '../../src/serve-pty.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const client = fileURLToPath(new URL('./clients/openevse_npm.cjs', import.meta.url));

describe.skipIf(!existsSync('/usr/bin/socat'))('npm openevse 1.0.1 on the 7.1.3 profile', () => {
  it('reads version, status, capacity and energy; trips on hex $GS and misses $AT', async () => {
    const emulator = createEmulator({ firmware: '7.1.3', bootDelayMs: 100, postMs: 300 });
    const pty = await servePty(emulator.device);
    try {
      while (emulator.control.status().evseState !== 0x01) await sleep(20);
      emulator.control.setEnergy({ lifetimeWh: 1234 });
      const child = spawn(process.execPath, [client, pty.path]);
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
      const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      expect((await lines.next()).value, stderr).toBe('{"ready":true}');
      emulator.control.plugIn();
      const report = JSON.parse((await lines.next()).value as string);
      clearTimeout(timer);
      expect(report).toEqual({
        version: { ok: ['7.1.3', '5.1.3'] },
        status: { ok: [1, 0] },
        capacity: { ok: [16] },
        range: { ok: [6, 80] },
        diodeCheckOff: { ok: [false] },
        energy: { ok: [0, 1234] },
        sleep: { error: 'no callback within 1.5 s' },
        statusAsleep: { error: 'ParseError' },
        stateEvents: [],
      });
      expect(emulator.control.status().evseState).toBe(0xfe);
    } finally {
      await pty.close();
      await emulator.close();
    }
  }, 30_000);
});
