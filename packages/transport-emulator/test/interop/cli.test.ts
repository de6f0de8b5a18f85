/**
 * The `evse emulate` command as an operator runs it (`node apps/cli/bin/evse.js emulate --pty
 * PATH --tcp 127.0.0.1:0 --http 127.0.0.1:0`, a child process on a real clock), driven by the
 * third-party clients: the ESP32-like Python session on its PTY, while a Python socket on its
 * TCP port listens to the same line. Ctrl-C (SIGINT) must stop it cleanly, hang up on a client
 * still holding the PTY and remove the link.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasPySerial, runPython, startPipe } from './support/python.js';
import { checkSession, type SessionReport } from './support/session.js';

const EVSE = fileURLToPath(new URL('../../../../apps/cli/bin/evse.js', import.meta.url));

/** Resolves with the first stdout match of each pattern (the CLI prints where it listens). */
function waitForLines(child: ChildProcessWithoutNullStreams, patterns: RegExp[], ms: number) {
  return new Promise<string[]>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`evse emulate did not start: ${out}`)), ms);
    const onData = (b: Buffer) => {
      out += b.toString('utf8');
      const found = patterns.map((p) => p.exec(out)?.[1]);
      if (found.every((x) => x !== undefined)) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(found as string[]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`evse emulate exited ${code}: ${out}`)));
  });
}

describe.skipIf(!hasPySerial || !existsSync(EVSE))(
  '`evse emulate` driven by Python clients',
  () => {
    it('serves an ESP32-like session on --pty while a TCP client sees the same frames', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'evse-interop-'));
      const ptyPath = join(dir, 'ttyEVSE');
      const child = spawn(
        process.execPath,
        [EVSE, 'emulate', '--pty', ptyPath, '--tcp', '127.0.0.1:0', '--http', '127.0.0.1:0'],
        { env: { ...process.env, EVSE_FROM_SOURCE: '1' } },
      );
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.stdout.resume();
      try {
        const [tcpPort, api] = await waitForLines(
          child,
          [/TCP listening on 127\.0\.0\.1:(\d+)/, /Control API listening on (http:\S+)/],
          30_000,
        );
        expect(existsSync(ptyPath)).toBe(true);
        // The WiFi module starts talking once the controller has booted (RAPI.md §4.1).
        for (;;) {
          const status = (await (await fetch(`${api}/api/status`)).json()) as { evseState: number };
          if (status.evseState === 0x01) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        const listener = await startPipe(['tcp', '127.0.0.1', String(tcpPort)]);
        let report: SessionReport;
        try {
          const { stdout } = await runPython('esp32_session.py', ['serial', ptyPath, String(api)]);
          report = JSON.parse(stdout) as SessionReport;
          checkSession(report);
          // Device output goes to every attached client: the TCP listener saw each async frame
          // of the session, in the same order.
          const heard = (await listener.call({ op: 'drain', ms: 100 })).data ?? '';
          const atFrames = heard.split('\r').filter((l) => /^\$A[TB] /.test(l));
          expect(atFrames).toEqual(report.async.map((a) => a[1]));
        } finally {
          await listener.close();
        }
        // A client still holding the port when the operator presses Ctrl-C is told the device
        // went away (hangup → pyserial's "returned no data" SerialException), not left hanging.
        const holder = await startPipe(['serial', ptyPath]);
        try {
          child.kill('SIGINT');
          expect(await exited).toBe(0);
          const after = await holder.call({ op: 'readto', marker: '\r', ms: 2000 });
          expect(after.error).toMatch(/SerialException: device reports readiness to read/);
        } finally {
          await holder.close();
        }
        expect(existsSync(ptyPath)).toBe(false);
      } finally {
        child.kill('SIGKILL');
        await rm(dir, { recursive: true, force: true });
      }
    }, 45_000);
  },
);
