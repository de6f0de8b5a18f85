/**
 * A python-openevse-style client (`clients/python_openevse.py`: pyserial, XOR checksums,
 * decimal `$GS`, async `$ST xx`) against the 5.0.1 profile on a real PTY, as it would meet a
 * 2018 kit (docs/protocol/FIELD-FIRMWARE.md §2, §3). On 5.0.1 its `$SE 0` is refused: RAPI_FF
 * replaced `$SE` with `$FF E`, so the real library's constructor raises EvseError there.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator.js';
import { servePty } from '../../src/serve-pty.js';
import { clientPath, hasPySerial, PYTHON } from './support/python.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!hasPySerial || !existsSync('/usr/bin/socat'))('python-openevse on 5.0.1', () => {
  it('reads $GV, a decimal $GS and the $ST line of a plug-in', async () => {
    const emulator = createEmulator({ firmware: '5.0.1', bootDelayMs: 100, postMs: 300 });
    const pty = await servePty(emulator.device);
    try {
      while (emulator.control.status().evseState !== 0x01) await sleep(20);
      const child = spawn(PYTHON, [clientPath('python_openevse.py'), pty.path]);
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const ready = await lines.next();
      expect(ready.value, stderr).toBe('{"ready": true}');
      emulator.control.plugIn();
      const report = JSON.parse((await lines.next()).value as string);
      clearTimeout(timer);
      expect(report).toEqual({
        echo_off: [
          [false, []],
          [false, []],
        ],
        version: [true, ['5.0.1', '4.0.1^21']],
        status: 'not connected',
        status_changes: ['connected'],
        status_after: 'connected',
      });
    } finally {
      await pty.close();
      await emulator.close();
    }
  }, 30_000);
});
